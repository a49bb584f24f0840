/// The text cells of one student row of the import template, normalised (NFKC, trimmed)
/// on creation. 序号 is optional and not carried.
public struct StudentRow: Sendable, Hashable {
    /// The row number Excel shows (header = row 1).
    public let row: Int
    /// 姓名.
    public let name: String
    /// 性别.
    public let gender: String
    /// 身份证号 (NFKC and trimmed; upper-cased by the ID check).
    public let idNumber: String
    /// 手机号 (NFKC and trimmed; the country prefix is stripped by the phone check).
    public let phone: String
    /// 学员类型.
    public let studentType: String

    /// Creates a row from cell texts (empty cell = `""`, numeric cell = its digits); each
    /// cell is normalised here, so passing already normalised text is cheap.
    public init(row: Int, name: String, gender: String, idNumber: String, phone: String, studentType: String) {
        self.row = row
        self.name = Normalizer.normalize(name)
        self.gender = Normalizer.normalize(gender)
        self.idNumber = Normalizer.normalize(idNumber)
        self.phone = Normalizer.normalize(phone)
        self.studentType = Normalizer.normalize(studentType)
    }

    /// True when every cell is empty after normalisation: the row is skipped, not reported.
    public var isEmpty: Bool {
        name.isEmpty && gender.isEmpty && idNumber.isEmpty && phone.isEmpty && studentType.isEmpty
    }
}
