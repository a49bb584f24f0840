/// A supervising department (分管部门), identified by the six-digit code of the region it
/// governs: `430000` the provincial department, `430100` Changsha's, `430102` Furong's.
public struct DepartmentID: Sendable, Hashable, CustomStringConvertible {
    /// The six-digit code.
    public let code: String

    /// Creates a department when `code` is a known Hunan code: `430000`, a prefecture or a
    /// current county-level code of `catalog`; nil otherwise.
    public init?(_ code: String, catalog: RegionCatalog = .embedded) {
        let text = Normalizer.normalize(code)
        guard Region.isSixDigitCode(text), catalog.isDepartmentCode(text) else { return nil }
        self.code = text
    }

    /// The code.
    public var description: String { code }

    /// The code without trailing `00` pairs: `430000` → `43`, `430100` → `4301`,
    /// `431000` → `4310`, `430102` → `430102`.
    public var governedPrefix: String { Self.governedPrefix(of: code) }

    /// True when `regionCode` (six digits) starts with ``governedPrefix``.
    public func governs(regionCode: String) -> Bool {
        Region.isSixDigitCode(regionCode) && regionCode.hasPrefix(governedPrefix)
    }

    /// Strips trailing `00` pairs from a six-digit code (never below two digits).
    public static func governedPrefix(of code: String) -> String {
        var prefix = Substring(code)
        while prefix.count > 2, prefix.hasSuffix("00") {
            prefix = prefix.dropLast(2)
        }
        return String(prefix)
    }
}
