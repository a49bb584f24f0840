/// Finds repeated and already enrolled ID numbers across the rows of one import.
///
/// Feed it the valid, normalised ID numbers in row order. An ID in the enrolled set gets
/// `id.enrolled` on every row, one in the elsewhere set (on the roster of another class of the
/// same occupation and level) `id.enrolled_elsewhere` on every row; otherwise the first
/// occurrence is fine and every later one gets `id.duplicate`, naming the first row.
///
/// An 18-character number of 17 digits and a digit or `X` is kept as one `UInt64` (hashing a
/// word is far cheaper than a string, on every row of a 100,000-row file); any other text is
/// kept as a string.
public struct DuplicateTracker: Sendable {
    private let enrolled: Set<UInt64>
    private let enrolledText: Set<String>
    private let elsewhere: Set<UInt64>
    private var firstRows: [UInt64: Int] = [:]
    private var firstRowsText: [String: Int] = [:]

    /// Creates a tracker; `enrolled` holds the normalised ID numbers already on the roster,
    /// `elsewhere` those on the roster of another class of the same occupation and level
    /// (valid ID numbers only: others never get there).
    public init(enrolled: Set<String> = [], elsewhere: Set<String> = []) {
        var numbers = Set<UInt64>()
        var texts = Set<String>()
        for id in enrolled {
            if let key = Self.key(id) { numbers.insert(key) } else { texts.insert(id) }
        }
        self.enrolled = numbers
        enrolledText = texts
        self.elsewhere = Set(elsewhere.compactMap(Self.key))
    }

    /// Makes room for `count` ID numbers, so the table is not rebuilt as it grows.
    public mutating func reserveCapacity(_ count: Int) {
        firstRows.reserveCapacity(count)
    }

    /// Records `idNumber` seen on `row` and returns the error for this occurrence, if any.
    public mutating func record(_ idNumber: String, row: Int) -> RowError? {
        if let key = Self.key(idNumber) { return record(key: key, row: row) }
        if enrolledText.contains(idNumber) { return RowError(row: row, code: .idEnrolled) }
        guard let firstRow = firstRowsText[idNumber] else {
            firstRowsText[idNumber] = row
            return nil
        }
        return Self.duplicate(row: row, first: firstRow)
    }

    /// ``record(_:row:)`` of a valid ID number's ``key(_:)``, computed already.
    public mutating func record(key: UInt64, row: Int) -> RowError? {
        if enrolled.contains(key) { return RowError(row: row, code: .idEnrolled) }
        if !elsewhere.isEmpty, elsewhere.contains(key) { return RowError(row: row, code: .idEnrolledElsewhere) }
        // One hash in the common case (a new number); a repeat restores the first row.
        guard let firstRow = firstRows.updateValue(row, forKey: key) else { return nil }
        firstRows[key] = firstRow
        return Self.duplicate(row: row, first: firstRow)
    }

    private static func duplicate(row: Int, first: Int) -> RowError {
        RowError(row: row, code: .idDuplicate, message: "身份证号与第\(first)行重复，同一学员只能导入一次")
    }

    /// The number as 17 digits × 11 + check value (`X` = 10), or nil for other text: one word
    /// per valid ID number, also the enrolment index's entry (`EnrollmentIndex`, ClassQueries).
    public static func key(_ id: String) -> UInt64? {
        var id = id
        return id.withUTF8(key)
    }

    /// The ID number a ``key(_:)`` was made of.
    public static func idNumber(key: UInt64) -> String {
        String(unsafeUninitializedCapacity: 18) { buffer in
            writeIDNumber(key: key, at: buffer.baseAddress!)
            return 18
        }
    }

    @usableFromInline static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Writes the 18 ASCII bytes of the ID number a ``key(_:)`` was made of at `at`: the 17
    /// digits as 8 and 9 of 32-bit arithmetic (an import's stager writes 100,000 of them).
    @inlinable
    public static func writeIDNumber(key: UInt64, at: UnsafeMutablePointer<UInt8>) {
        let check = key % 11
        at[17] = check == 10 ? UInt8(ascii: "X") : 0x30 + UInt8(truncatingIfNeeded: check)
        let digits = key / 11
        var high = UInt32(truncatingIfNeeded: digits / 1_000_000_000), low = UInt32(truncatingIfNeeded: digits % 1_000_000_000)
        // Two digits at a time from a table of "00" to "99"; the odd one of each half alone.
        let pairs = digitPairs.utf8Start
        at[16] = 0x30 + UInt8(truncatingIfNeeded: low % 10)
        low /= 10
        for i in [14, 12, 10, 8] {
            let pair = Int(low % 100) * 2
            at[i] = pairs[pair]
            at[i + 1] = pairs[pair + 1]
            low /= 100
        }
        for i in [6, 4, 2, 0] {
            let pair = Int(high % 100) * 2
            at[i] = pairs[pair]
            at[i + 1] = pairs[pair + 1]
            high /= 100
        }
    }

    static func key(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard utf8.count == 18 else { return nil }
        var value: UInt64 = 0
        var index = 0
        for byte in utf8 {
            let digit: UInt64
            if byte >= 0x30 && byte <= 0x39 {
                digit = UInt64(byte - 0x30)
            } else if byte == UInt8(ascii: "X") && index == 17 {
                digit = 10
            } else {
                return nil
            }
            value = index == 17 ? value * 11 + digit : value * 10 + digit
            index += 1
        }
        return value
    }
}
