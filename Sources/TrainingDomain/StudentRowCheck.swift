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
    /// What the roster keeps of the student when the row has no error.
    public private(set) var record: StudentRecord?

    /// The student when the row has no error, as typed values (made from ``record`` when asked:
    /// a check stays small, for the 100,000 rows of an import that travel between threads).
    public var student: Student? {
        guard let record, let idNumber else { return nil }
        return Student(row: row, name: PersonName(value: record.name), gender: record.gender, idNumber: idNumber,
                       phone: MobilePhone(value: record.phone), studentType: record.studentType)
    }

    /// Creates an outcome.
    public init(row: Int, isEmpty: Bool, errors: [RowError], idNumber: ResidentIDNumber?, record: StudentRecord?) {
        self.row = row
        self.isEmpty = isEmpty
        self.errors = errors
        self.idNumber = idNumber
        self.record = errors.isEmpty ? record : nil
    }

    /// A skipped empty row.
    public static func empty(row: Int) -> StudentRowCheck {
        StudentRowCheck(row: row, isEmpty: true, errors: [], idNumber: nil, record: nil)
    }

    /// True when the row is not empty and has no error.
    public var isValid: Bool { !isEmpty && errors.isEmpty }

    /// Moves the record out (nil afterwards): the scan keeps it without copying its strings.
    public mutating func takeRecord() -> StudentRecord? { record.take() }

    /// Adds a 身份证号 error found later (duplicate or already enrolled); it goes first, as
    /// the ID rules come first, and the row stops being a student.
    public mutating func addIDError(_ error: RowError) {
        errors.insert(error, at: 0)
        record = nil
    }
}
