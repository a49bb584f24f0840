/// What the roster keeps of a student who passed every row check: the canonical values as
/// validated (the name with its dots folded to `·`, the phone without a country prefix, the
/// ID number upper-cased). Built for every valid row of an import and for `student.added`.
public struct StudentRecord: Sendable, Hashable {
    /// 身份证号, 18 characters.
    public let idNumber: String
    /// 姓名.
    public let name: String
    /// 性别 (agrees with the ID number).
    public let gender: Gender
    /// 手机号, 11 digits.
    public let phone: String
    /// 学员类型, one of the catalog labels.
    public let studentType: String
    /// The ID number as one word (``DuplicateTracker/key(_:)``): the duplicate check's key and
    /// the enrolment index's entry, computed once (0 for text that is not an ID number).
    public let entry: UInt64

    /// Creates a record of values that are already valid.
    public init(idNumber: String, name: String, gender: Gender, phone: String, studentType: String) {
        self.init(idNumber: idNumber, name: name, gender: gender, phone: phone, studentType: studentType,
                  entry: DuplicateTracker.key(idNumber) ?? 0)
    }

    /// `entry` is ``DuplicateTracker/key(_:)`` of `idNumber`, made by the caller from its bytes.
    init(idNumber: String, name: String, gender: Gender, phone: String, studentType: String, entry: UInt64) {
        self.idNumber = idNumber
        self.entry = entry
        self.name = name
        self.gender = gender
        self.phone = phone
        self.studentType = studentType
    }
}
