/// Finds repeated and already enrolled ID numbers across the rows of one import.
///
/// Feed it the valid, normalised ID numbers in row order. An ID in the enrolled set gets
/// `id.enrolled` on every row; otherwise the first occurrence is fine and every later one
/// gets `id.duplicate`, naming the first row.
public struct DuplicateTracker: Sendable {
    private let enrolled: Set<String>
    private var firstRows: [String: Int] = [:]

    /// Creates a tracker; `enrolled` holds the normalised ID numbers already on the roster.
    public init(enrolled: Set<String> = []) {
        self.enrolled = enrolled
    }

    /// Records `idNumber` seen on `row` and returns the error for this occurrence, if any.
    public mutating func record(_ idNumber: String, row: Int) -> RowError? {
        if enrolled.contains(idNumber) {
            return RowError(row: row, code: .idEnrolled)
        }
        if let firstRow = firstRows[idNumber] {
            return RowError(row: row, code: .idDuplicate, message: "身份证号与第\(firstRow)行重复，同一学员只能导入一次")
        }
        firstRows[idNumber] = row
        return nil
    }
}
