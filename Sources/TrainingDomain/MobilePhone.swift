/// A mainland China mobile number: 11 digits matching `^1[3-9][0-9]{9}$`.
///
/// The carrier is deliberately not inferred (number portability).
public struct MobilePhone: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 11 digits.
    public let value: String

    private static let countryPrefixes: [[UInt8]] = [Array("+86".utf8), Array("0086".utf8), Array("86".utf8)]

    init(value: String) { self.value = value }

    /// The 11 digits.
    public var description: String { value }

    /// The number masked for logs and notifications: `138****5678`.
    public var masked: String { Self.mask(value) }

    /// NFKC-folds and trims `raw`, then strips a leading `+86`, `0086` or `86` (optionally
    /// followed by one space or `-`) when exactly 11 digits starting with `1` remain.
    public static func normalize(_ raw: String) -> String {
        stripCountryPrefix(Normalizer.normalize(raw))
    }

    /// Validates `raw`: `phone.missing` when empty after normalisation, `phone.format` when
    /// it is not a mainland mobile number.
    public static func validate(_ raw: String) -> Result<MobilePhone, RowErrorCode> {
        validateNormalized(Normalizer.normalize(raw))
    }

    /// The checks on NFKC-normalised, trimmed text (the country prefix is stripped here).
    static func validateNormalized(_ text: String) -> Result<MobilePhone, RowErrorCode> {
        if text.isEmpty { return .failure(.phoneMissing) }
        var number = stripCountryPrefix(text)
        guard number.utf8.count == 11, number.withUTF8(isMobileNumber) else { return .failure(.phoneFormat) }
        return .success(MobilePhone(value: number))
    }

    /// 11 digits: `1`, then `3`–`9`, then any nine.
    static func isMobileNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 11, bytes[0] == UInt8(ascii: "1"), bytes[1] >= UInt8(ascii: "3"), bytes[1] <= UInt8(ascii: "9") else { return false }
        for i in 2..<11 where !isDigit(bytes[i]) { return false }
        return true
    }

    /// Masks a phone number for display: first 3 and last 4 characters kept, the rest `*`.
    /// Text of 7 characters or fewer is masked completely.
    public static func mask(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters[..<3]) + String(repeating: "*", count: characters.count - 7)
            + String(characters[(characters.count - 4)...])
    }

    /// Decodes a number string and validates it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.validate(text) {
        case .success(let phone): self = phone
        case .failure(let code):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid mobile number: \(code.rawValue)")
        }
    }

    /// Encodes the 11 digits as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func stripCountryPrefix(_ text: String) -> String {
        guard text.utf8.count > 11 else { return text }
        let bytes = Array(text.utf8)
        for prefix in countryPrefixes where bytes.starts(with: prefix) {
            var rest = bytes[prefix.count...]
            if let first = rest.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "-") {
                rest = rest.dropFirst()
            }
            if rest.count == 11, rest.first == UInt8(ascii: "1"), rest.allSatisfy(isDigit) {
                return String(decoding: rest, as: UTF8.self)
            }
        }
        return text
    }
}
