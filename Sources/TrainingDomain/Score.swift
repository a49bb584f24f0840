/// A theory or practical score (理论成绩, 实操成绩): 0 to 100 with at most two decimals, kept
/// exactly as hundredths. A student passes (合格) when both scores are at least ``passMark``.
public struct Score: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The score × 100: 0…10,000.
    public let hundredths: Int

    public static let passMark = Score(uncheckedHundredths: 6_000)
    public static let maximum = Score(uncheckedHundredths: 10_000)

    init(uncheckedHundredths: Int) { hundredths = uncheckedHundredths }

    /// Why a value is not a score: the scores template's row codes.
    public enum Problem: String, Error, Sendable, Hashable, CaseIterable {
        /// Empty.
        case missing = "score.missing"
        /// Not a number, or more than two decimals.
        case format = "score.format"
        /// A number outside 0–100.
        case range = "score.range"

        /// A sentence for the clerk.
        public var message: String {
            switch self {
            case .missing: return "成绩不能为空，请填写0至100之间的分数"
            case .format: return "成绩应为数字，最多保留两位小数（如 85 或 85.5）"
            case .range: return "成绩应在0至100之间"
            }
        }
    }

    /// A score from hundredths (nil outside 0…10,000).
    public init?(hundredths: Int) {
        guard (0...10_000).contains(hundredths) else { return nil }
        self.hundredths = hundredths
    }

    /// A score from a cell's text: surrounding spaces trimmed and full-width digits folded, then
    /// digits with an optional `.` and at most two decimals (`85`, `85.5`, `85.50`, `.5`), or a
    /// leading `-` (then `score.range`). Anything else (`九十`, `85分`, `1e2`, `85.005`) is
    /// `score.format`.
    public static func parse(_ raw: String) -> Result<Score, Problem> {
        let text = Normalizer.normalize(raw)
        if text.isEmpty { return .failure(.missing) }
        var bytes = Array(text.utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count <= 2, !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty)) else { return .failure(.format) }
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        guard parts.allSatisfy({ $0.allSatisfy(isDigit) }) else { return .failure(.format) }
        let decimals = parts.count == 2 ? Array(parts[1]) : []
        guard decimals.count <= 2 else { return .failure(.format) }
        let whole = Array(parts[0].drop { $0 == 48 })
        guard whole.count <= 3 else { return .failure(.range) }
        let units = whole.reduce(0) { $0 * 10 + Int($1 - 48) }
        let fraction = (decimals + Array(repeating: UInt8(48), count: 2 - decimals.count)).reduce(0) { $0 * 10 + Int($1 - 48) }
        let value = units * 100 + fraction
        if negative && value > 0 { return .failure(.range) }
        guard let score = Score(hundredths: value) else { return .failure(.range) }
        return .success(score)
    }

    /// A score from a JSON number: more than two decimals is `score.format`, outside 0–100 `score.range`.
    public static func from(_ value: Double) -> Result<Score, Problem> {
        guard value.isFinite else { return .failure(.format) }
        let scaled = value * 100
        let rounded = scaled.rounded()
        guard abs(scaled - rounded) <= 1e-6 * max(1, abs(scaled)) else { return .failure(.format) }
        guard abs(rounded) <= 1e9, let score = Score(hundredths: Int(rounded)) else { return .failure(.range) }
        return .success(score)
    }

    /// The value as a number (for JSON): `85`, `85.5`, `89.99`.
    public var value: Double { Double(hundredths) / 100 }

    /// `85`, `85.5`, `89.99`: no trailing zeros.
    public var description: String {
        let units = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return String(units) }
        if fraction % 10 == 0 { return "\(units).\(fraction / 10)" }
        return "\(units).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Two decimals, as the e-certificate prints scores: `85.00`, `85.50`.
    public var twoDecimals: String {
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Both scores at least the pass mark.
    public static func passes(theory: Score, practical: Score) -> Bool { theory >= passMark && practical >= passMark }

    public static func < (a: Score, b: Score) -> Bool { a.hundredths < b.hundredths }
}
