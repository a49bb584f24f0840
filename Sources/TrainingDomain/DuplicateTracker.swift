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
        let digits = String(key / 11)
        return String(repeating: "0", count: max(0, 17 - digits.count)) + digits + (key % 11 == 10 ? "X" : String(key % 11))
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
