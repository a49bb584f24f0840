/// The outcome of checking one ``StudentRow``.
public struct StudentRowCheck: Sendable, Hashable {
    /// The row number Excel shows.
    public let row: Int
    /// True for an empty row: skipped, neither an error nor a student.
    public let isEmpty: Bool
    /// The row's errors, at most one per column, in rule order (身份证号, 性别, 手机号, 姓名, 学员类型).
    public private(set) var errors: [RowError]
    /// The ID number when the 身份证号 cell passed its own checks (used for duplicates),
    /// even if other cells failed.
    public let idNumber: ResidentIDNumber?
    /// The student when the row has no error (only when the check was asked to make one).
    public private(set) var student: Student?
    /// What the roster keeps of the student when the row has no error.
    public private(set) var record: StudentRecord?

    /// Creates an outcome.
    public init(row: Int, isEmpty: Bool, errors: [RowError], idNumber: ResidentIDNumber?, student: Student?,
                record: StudentRecord? = nil) {
        self.row = row
        self.isEmpty = isEmpty
        self.errors = errors
        self.idNumber = idNumber
        self.student = errors.isEmpty ? student : nil
        self.record = errors.isEmpty ? record : nil
    }

    /// A skipped empty row.
    public static func empty(row: Int) -> StudentRowCheck {
        StudentRowCheck(row: row, isEmpty: true, errors: [], idNumber: nil, student: nil)
    }

    /// True when the row is not empty and has no error.
    public var isValid: Bool { !isEmpty && errors.isEmpty }

    /// Adds a 身份证号 error found later (duplicate or already enrolled); it goes first, as
    /// the ID rules come first, and the row stops being a student.
    public mutating func addIDError(_ error: RowError) {
        errors.insert(error, at: 0)
        student = nil
        record = nil
    }
}
