/// A column of the student import template, named as in the template header.
public enum StudentColumn: String, Sendable, Hashable, Codable, CaseIterable {
    /// 姓名 (name).
    case name = "姓名"
    /// 性别 (gender).
    case gender = "性别"
    /// 身份证号 (resident identity number).
    case idNumber = "身份证号"
    /// 手机号 (mobile phone).
    case phone = "手机号"
    /// 学员类型 (student type).
    case studentType = "学员类型"
}
