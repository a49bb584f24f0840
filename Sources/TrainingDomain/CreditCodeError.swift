/// Why a unified social credit code was refused, with its code and a Chinese message.
public enum CreditCodeError: String, Error, Sendable, Hashable, Codable, CaseIterable {
    /// Not 18 characters (including an empty value).
    case length = "uscc.length"
    /// A character outside digits and the upper-case letters without I, O, S, V, Z.
    case chars = "uscc.chars"
    /// The MOD 31 check character does not match. Some early pilot codes (e.g. Fujian)
    /// fail this check yet are legal; callers may treat it as an overridable warning.
    case checksum = "uscc.checksum"

    /// The message for the institution or reviewer.
    public var message: String {
        switch self {
        case .length: return "统一社会信用代码应为18位，请核对"
        case .chars: return "统一社会信用代码含有无效字符（只能是数字和除I、O、S、V、Z以外的大写字母）"
        case .checksum: return "统一社会信用代码校验位错误，请核对最后一位"
        }
    }
}
