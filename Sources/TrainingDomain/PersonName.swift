/// A student's name as accepted by the import: 1–30 characters (Unicode scalars, so a
/// character outside the BMP counts once), each a CJK ideograph of any block GB 18030-2022
/// requires (see ``isIdeograph(_:)``) or the middle dot `·` (U+00B7) used in minority and
/// transliterated names. Other dots between two name parts become `·` (see
/// ``foldingSeparators(_:)``).
public struct PersonName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised name.
    public let value: String

    /// Maximum number of characters.
    public static let maximumLength = 30

    init(value: String) { self.value = value }

    /// The normalised name.
    public var description: String { value }

    /// The name masked for logs and notifications: `李**`.
    public var masked: String { Self.mask(value) }

    /// Validates `raw` after normalisation: `name.missing` when empty, `name.invalid` when
    /// longer than 30 characters or holding any other character.
    public static func validate(_ raw: String) -> Result<PersonName, RowErrorCode> {
        validateNormalized(Normalizer.normalize(raw))
    }

    /// The checks on already normalised (NFKC, trimmed) text, after folding the dots between
    /// name parts to `·`.
    static func validateNormalized(_ normalized: String) -> Result<PersonName, RowErrorCode> {
        if normalized.isEmpty { return .failure(.nameMissing) }
        let text = foldingSeparators(normalized)
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            guard count <= maximumLength, isAllowed(scalar) else { return .failure(.nameInvalid) }
        }
        return .success(PersonName(value: text))
    }

    /// Whether `scalar` may appear in a name: a CJK ideograph or `·`.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xB7 || isIdeograph(scalar)
    }

    /// Whether `scalar` lies in a CJK Unified Ideographs block (Unicode 16: the URO
    /// U+4E00–U+9FFF, Extension A U+3400–U+4DBF, B U+20000–U+2A6DF, C to F and I
    /// U+2A700–U+2EE5F, G and H U+30000–U+323AF) or a CJK Compatibility Ideographs block
    /// (U+F900–U+FAFF, U+2F800–U+2FA1F; NFKC folds most of these to their unified form).
    public static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return true
        case 0x20000...0x2A6DF, 0x2A700...0x2EE5F, 0x2F800...0x2FA1F, 0x30000...0x323AF: return true
        default: return false
        }
    }

    /// Keeps the first character and replaces each other character with `*`: `李**`.
    public static func mask(_ text: String) -> String {
        guard let first = text.first else { return "" }
        return String(first) + String(repeating: "*", count: text.count - 1)
    }

    /// Decodes a name string and validates it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.validate(text) {
        case .success(let name): self = name
        case .failure(let code):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid name: \(code.rawValue)")
        }
    }

    /// Encodes the name as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
