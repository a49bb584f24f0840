/// A valid 18-character resident identity number (公民身份号码, GB 11643-1999).
///
/// Layout: 6-digit address code, `YYYYMMDD` birth date, 3-digit sequence (its last digit,
/// position 17, is odd for men and even for women) and an ISO 7064 MOD 11-2 check
/// character (`0`–`9` or `X`). Values only exist after ``validate(_:referenceDate:minimumAge:)``.
public struct ResidentIDNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number as one word (``DuplicateTracker/key(_:)``): what is kept, so that checking
    /// an import's 100,000 rows makes no string of their numbers.
    public let key: UInt64
    /// The normalised number: 18 ASCII characters, upper-case `X`.
    public var value: String { DuplicateTracker.idNumber(key: key) }
    /// Birth date from positions 7–14.
    public let birthDate: LocalDate
    /// Gender from the parity of position 17.
    public let gender: Gender

    /// Default minimum age at the reference date (Labour Law art. 15: 16 years).
    public static let defaultMinimumAge = 16

    /// The earliest birth year accepted: a number born before 1900 is refused as
    /// `id.birthdate` (no holder is alive; such numbers are typing errors or made up).
    public static let earliestBirthYear = 1900

    /// First-two-digit province codes accepted by the region rule:
    /// 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82.
    public static let provincePrefixes: Set<String> = Set(provinceTable.indices.filter { provinceTable[$0] }
        .map { String($0) })

    private static let provinceTable: [Bool] = {
        var table = [Bool](repeating: false, count: 100)
        let ranges: [ClosedRange<Int>] = [11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71...71, 81...82]
        for range in ranges { for prefix in range { table[prefix] = true } }
        return table
    }()

    private static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// The six-digit address code (county-level division at the time the number was issued).
    public var addressCode: String { String(value.prefix(6)) }

    /// The two-digit province prefix of the address code, e.g. `43` for Hunan.
    public var provinceCode: String { String(value.prefix(2)) }

    /// The normalised number.
    public var description: String { value }

    /// The number masked for logs and notifications, e.g. `4301**********123X`.
    public var masked: String { Self.mask(value) }

    private init(key: UInt64, birthDate: LocalDate, gender: Gender) {
        self.key = key
        self.birthDate = birthDate
        self.gender = gender
    }

    /// Normalises raw input: NFKC (full-width digits and `Ｘ`), trimming (incl. U+3000,
    /// NBSP, TAB) and upper-casing, so a lower-case `x` is accepted and stored as `X`.
    public static func normalize(_ raw: String) -> String {
        Normalizer.uppercasingASCII(Normalizer.normalize(raw))
    }

    /// Validates `raw` and returns the number or the first failing code, in this order:
    /// `id.missing`, `id.length`, `id.chars`, `id.region`, `id.birthdate` (not a real date,
    /// or a year before ``earliestBirthYear``), `id.future`, `id.age`, `id.checksum`. The birth date is compared with `referenceDate` (today in
    /// China, injected); the holder must be at least `minimumAge` years old on it.
    public static func validate(
        _ raw: String, referenceDate: LocalDate, minimumAge: Int = defaultMinimumAge
    ) -> Result<ResidentIDNumber, RowErrorCode> {
        validateNormalized(normalize(raw), referenceDate: referenceDate, minimumAge: minimumAge)
    }

    /// Validates everything except the date-relative rules (`id.future`, `id.age`); used
    /// for stored numbers, e.g. when decoding.
    public static func validateFormat(_ raw: String) -> Result<ResidentIDNumber, RowErrorCode> {
        validateNormalized(normalize(raw), referenceDate: nil, minimumAge: 0)
    }

    /// The check rules on already normalised (NFKC, trimmed, upper-cased) text.
    static func validateNormalized(
        _ text: String, referenceDate: LocalDate?, minimumAge: Int
    ) -> Result<ResidentIDNumber, RowErrorCode> {
        if text.isEmpty { return .failure(.idMissing) }
        // On the string's own bytes (no copy): this runs on every import row.
        return text.utf8.withContiguousStorageIfAvailable {
            validateBytes($0, text: text, referenceDate: referenceDate, minimumAge: minimumAge)
        } ?? Array(text.utf8).withUnsafeBufferPointer {
            validateBytes($0, text: text, referenceDate: referenceDate, minimumAge: minimumAge)
        }
    }

    /// ``validateNormalized(_:referenceDate:minimumAge:)`` on the UTF-8 `bytes` of `text`
    /// (valid UTF-8; `text` nil when the caller has no string of them: made only to count the
    /// characters of a number that is not 18 ASCII bytes).
    static func validateBytes(
        _ bytes: UnsafeBufferPointer<UInt8>, text: String?, referenceDate: LocalDate?, minimumAge: Int
    ) -> Result<ResidentIDNumber, RowErrorCode> {
        guard bytes.count == 18, !bytes.contains(where: { $0 >= 0x80 }) else {
            // Count characters, not bytes: 18 characters with a non-ASCII one is a charset error.
            let characters = (text ?? String(decoding: bytes, as: UTF8.self)).count
            return .failure(characters == 18 ? .idChars : .idLength)
        }
        let digits = first17(bytes)
        let last = bytes[17]
        guard let digits, isDigit(last) || last == UInt8(ascii: "X") else {
            return .failure(.idChars)
        }
        guard provinceTable[Int(bytes[0] - 0x30) * 10 + Int(bytes[1] - 0x30)] else {
            return .failure(.idRegion)
        }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        let birthDate = LocalDate(year: number(6..<10), month: number(10..<12), day: number(12..<14))
        guard birthDate.isValid, birthDate.year >= earliestBirthYear else {
            return .failure(.idBirthdate)
        }
        if let referenceDate {
            if birthDate > referenceDate { return .failure(.idFuture) }
            if birthDate.completedYears(to: referenceDate) < minimumAge { return .failure(.idAge) }
        }
        guard digits.checkByte == last else {
            return .failure(.idChecksum)
        }
        let gender: Gender = (bytes[16] - 0x30) % 2 == 1 ? .male : .female
        let key = digits.value &* 11 &+ (last == UInt8(ascii: "X") ? 10 : UInt64(last - 0x30))
        return .success(ResidentIDNumber(key: key, birthDate: birthDate, gender: gender))
    }

    /// The MOD 11-2 check character for the first 17 characters of a number, or nil unless
    /// `first17` is exactly 17 ASCII digits (after normalisation).
    public static func checkCharacter(forFirst17 first17: String) -> Character? {
        let bytes = Array(Normalizer.normalize(first17).utf8)
        guard bytes.count == 17, let digits = bytes.withUnsafeBufferPointer(Self.first17) else { return nil }
        return Character(Unicode.Scalar(digits.checkByte))
    }

    /// Masks an ID number for display: first 4 and last 4 characters kept, the rest `*`
    /// (`4301**********123X`). Text of 8 characters or fewer is masked completely.
    public static func mask(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters[..<4]) + String(repeating: "*", count: characters.count - 8)
            + String(characters[(characters.count - 4)...])
    }

    /// Decodes a number string and checks its format and check character.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.validateFormat(text) {
        case .success(let number): self = number
        case .failure(let code):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid ID number: \(code.rawValue)")
        }
    }

    /// Encodes the normalised number as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The first 17 bytes as digits, in one pass (every import row): their value (the start of
    /// the ``DuplicateTracker/key(_:)``) and the MOD 11-2 check byte of their weighted sum; nil
    /// unless all 17 are ASCII digits. `bytes` holds at least 17.
    private static func first17(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: UInt64, checkByte: UInt8)? {
        var value: UInt64 = 0
        var sum = 0
        let allDigits = weights.withUnsafeBufferPointer { w in
            for i in 0..<17 {
                let digit = bytes[i] &- 0x30
                guard digit <= 9 else { return false }
                value = value &* 10 &+ UInt64(digit)
                sum &+= Int(digit) &* w[i]
            }
            return true
        }
        return allDigits ? (value, checkCharacters[sum % 11]) : nil
    }
}
