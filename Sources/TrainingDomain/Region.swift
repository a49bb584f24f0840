/// An administrative division: six-digit GB/T 2260 code and name.
public struct Region: Sendable, Hashable, Codable {
    /// Six-digit code, e.g. `430102`.
    public let code: String
    /// Name, e.g. 芙蓉区.
    public let name: String

    /// Creates a division.
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// True when `text` is exactly six ASCII digits.
    public static func isSixDigitCode(_ text: String) -> Bool {
        text.utf8.count == 6 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// A prefecture-level division (市/州) with its current county-level divisions.
public struct Prefecture: Sendable, Hashable, Codable {
    /// Six-digit code ending in `00`, e.g. `430100`.
    public let code: String
    /// Name, e.g. 长沙市.
    public let name: String
    /// Current county-level divisions (区/县/县级市).
    public let counties: [Region]

    /// Creates a prefecture.
    public init(code: String, name: String, counties: [Region]) {
        self.code = code
        self.name = name
        self.counties = counties
    }
}
