/// A unified social credit code (统一社会信用代码, GB 32100-2015) that passed its checks.
///
/// Layout: registration authority (1), entity type (1), division code of the registering
/// authority (6), organisation code (9) and a MOD 31 check character over the alphabet
/// `0123456789ABCDEFGHJKLMNPQRTUWXY`.
public struct CreditCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised 18-character code.
    public let value: String

    /// The 31 characters of the code alphabet; a character's value is its index.
    public static let alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    private static let alphabetBytes: [UInt8] = Array(alphabet.utf8)
    private static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// ASCII byte → alphabet value, or -1.
    private static let valueTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabetBytes.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    private init(value: String) { self.value = value }

    /// The normalised code.
    public var description: String { value }

    /// Position 1: the registration authority (`9` 市场监管, `5` 民政, `1` 机构编制, …).
    public var registrationAuthority: Character { value.first ?? " " }

    /// Positions 1–2, e.g. `91` (enterprise), `52` (民办非企业单位), `12` (事业单位).
    public var authorityAndType: String { String(value.prefix(2)) }

    /// Positions 3–8: the division code of the registering authority.
    public var regionCode: String { String(value.dropFirst(2).prefix(6)) }

    /// NFKC-folds, trims and upper-cases `raw`.
    public static func normalize(_ raw: String) -> String {
        Normalizer.uppercasingASCII(Normalizer.normalize(raw))
    }

    /// Validates `raw`, returning the first failure of `uscc.length`, `uscc.chars`,
    /// `uscc.checksum`.
    public static func validate(_ raw: String) -> Result<CreditCode, CreditCodeError> {
        let text = normalize(raw)
        let bytes = Array(text.utf8)
        guard bytes.count == 18, !bytes.contains(where: { $0 >= 0x80 }) else {
            return .failure(text.count == 18 ? .chars : .length)
        }
        guard bytes.allSatisfy({ valueTable[Int($0)] >= 0 }) else { return .failure(.chars) }
        guard checkByte(bytes[0..<17]) == bytes[17] else { return .failure(.checksum) }
        return .success(CreditCode(value: text))
    }

    /// The check character for the first 17 characters, or nil unless `first17` is 17
    /// characters of the code alphabet (after normalisation).
    public static func checkCharacter(forFirst17 first17: String) -> Character? {
        let bytes = Array(normalize(first17).utf8)
        guard bytes.count == 17, bytes.allSatisfy({ $0 < 0x80 && valueTable[Int($0)] >= 0 }) else { return nil }
        return Character(Unicode.Scalar(checkByte(bytes[...])))
    }

    /// Decodes a code string and validates it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.validate(text) {
        case .success(let code): self = code
        case .failure(let error):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid credit code: \(error.rawValue)")
        }
    }

    /// Encodes the normalised code as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// `C18 = 31 − (Σ Cᵢ·Wᵢ mod 31)`, 31 → 0; caller guarantees alphabet bytes.
    private static func checkByte(_ body: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (offset, byte) in body.enumerated() {
            sum += Int(valueTable[Int(byte)]) * weights[offset]
        }
        return alphabetBytes[(31 - sum % 31) % 31]
    }
}
