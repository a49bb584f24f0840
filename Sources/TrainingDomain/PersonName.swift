/// A student's name as accepted by the import: 1–30 characters, each a CJK Unified
/// Ideograph (U+4E00–U+9FFF, Extension A U+3400–U+4DBF) or the middle dot `·` (U+00B7)
/// used in minority and transliterated names.
public struct PersonName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised name.
    public let value: String

    /// Maximum number of characters.
    public static let maximumLength = 30

    private init(value: String) { self.value = value }

    /// The normalised name.
    public var description: String { value }

    /// The name masked for logs and notifications: `李**`.
    public var masked: String { Self.mask(value) }

    /// Validates `raw` after normalisation: `name.missing` when empty, `name.invalid` when
    /// longer than 30 characters or holding any other character.
    public static func validate(_ raw: String) -> Result<PersonName, RowErrorCode> {
        validateNormalized(Normalizer.normalize(raw))
    }

    /// The checks on already normalised text.
    static func validateNormalized(_ text: String) -> Result<PersonName, RowErrorCode> {
        if text.isEmpty { return .failure(.nameMissing) }
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            guard count <= maximumLength, isAllowed(scalar) else { return .failure(.nameInvalid) }
        }
        return .success(PersonName(value: text))
    }

    /// Whether `scalar` may appear in a name.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || value == 0xB7
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
