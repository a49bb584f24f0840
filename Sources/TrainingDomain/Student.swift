/// A student row that passed every check.
public struct Student: Sendable, Hashable, Codable {
    /// The row number Excel shows.
    public let row: Int
    /// 姓名.
    public let name: PersonName
    /// 性别 (agrees with the ID number).
    public let gender: Gender
    /// 身份证号.
    public let idNumber: ResidentIDNumber
    /// 手机号.
    public let phone: MobilePhone
    /// 学员类型, one of the catalog labels.
    public let studentType: String

    /// Creates a validated student.
    public init(row: Int, name: PersonName, gender: Gender, idNumber: ResidentIDNumber, phone: MobilePhone, studentType: String) {
        self.row = row
        self.name = name
        self.gender = gender
        self.idNumber = idNumber
        self.phone = phone
        self.studentType = studentType
    }
}
