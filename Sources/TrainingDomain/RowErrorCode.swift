/// Every row error code of the import contract, with the template column it belongs to and
/// a Chinese sentence a clerk can act on.
public enum RowErrorCode: String, Error, Sendable, Hashable, Codable, CaseIterable {
    /// 姓名 is empty.
    case nameMissing = "name.missing"
    /// 姓名 is longer than 30 characters or holds something other than CJK ideographs and `·`.
    case nameInvalid = "name.invalid"
    /// 性别 is empty.
    case genderMissing = "gender.missing"
    /// 性别 is neither 男 nor 女.
    case genderInvalid = "gender.invalid"
    /// 性别 disagrees with the ID number's gender digit (checked only for a valid ID).
    case genderMismatch = "gender.mismatch"
    /// 身份证号 is empty.
    case idMissing = "id.missing"
    /// 身份证号 is not 18 characters (legacy 15-digit numbers, Excel's `4.30102E+17`).
    case idLength = "id.length"
    /// 身份证号 has a character other than 17 digits followed by a digit or `X`.
    case idChars = "id.chars"
    /// 身份证号 does not start with a valid province code.
    case idRegion = "id.region"
    /// 身份证号's birth date is not a real date, or is before 1900.
    case idBirthdate = "id.birthdate"
    /// 身份证号's birth date is after the reference date.
    case idFuture = "id.future"
    /// The holder is younger than the minimum age on the reference date.
    case idAge = "id.age"
    /// 身份证号's check character is wrong.
    case idChecksum = "id.checksum"
    /// 身份证号 already appeared on an earlier row of the same file.
    case idDuplicate = "id.duplicate"
    /// 身份证号 is already on the class roster.
    case idEnrolled = "id.enrolled"
    /// 身份证号 is on the roster of another class of the same occupation and level that is not
    /// closed (one open class per student, occupation and level).
    case idEnrolledElsewhere = "id.enrolled_elsewhere"
    /// 手机号 is empty.
    case phoneMissing = "phone.missing"
    /// 手机号 is not a mainland mobile number.
    case phoneFormat = "phone.format"
    /// 学员类型 is empty.
    case typeMissing = "type.missing"
    /// 学员类型 is not one of the allowed labels.
    case typeUnknown = "type.unknown"

    /// The template column the code is reported against.
    public var column: StudentColumn {
        switch self {
        case .nameMissing, .nameInvalid: return .name
        case .genderMissing, .genderInvalid, .genderMismatch: return .gender
        case .idMissing, .idLength, .idChars, .idRegion, .idBirthdate, .idFuture, .idAge,
             .idChecksum, .idDuplicate, .idEnrolled, .idEnrolledElsewhere:
            return .idNumber
        case .phoneMissing, .phoneFormat: return .phone
        case .typeMissing, .typeUnknown: return .studentType
        }
    }

    /// The message for a clerk, with the default minimum age of 16.
    public var message: String {
        message(minimumAge: ResidentIDNumber.defaultMinimumAge)
    }

    /// The message for a clerk; `minimumAge` is quoted by `id.age`.
    public func message(minimumAge: Int) -> String {
        switch self {
        case .nameMissing: return "姓名不能为空，请填写学员姓名"
        case .nameInvalid: return "姓名只能由汉字和间隔号“·”组成，且不超过30个字，请核对"
        case .genderMissing: return "性别不能为空，请填写“男”或“女”"
        case .genderInvalid: return "性别只能填写“男”或“女”"
        case .genderMismatch: return "性别与身份证号不一致，请核对性别或身份证号"
        case .idMissing: return "身份证号不能为空，请填写18位身份证号"
        case .idLength:
            return "身份证号应为18位，请填写18位身份证号（15位旧号码或被Excel显示成“4.30102E+17”的号码无效，请将该列设为文本后重新填写）"
        case .idChars: return "身份证号含有无效字符：前17位应为数字，最后一位为数字或X，请填写完整号码"
        case .idRegion: return "身份证号前两位不是有效的省份代码，请核对"
        case .idBirthdate: return "身份证号中的出生日期无效（日期不存在或早于1900年），请核对第7至14位"
        case .idFuture: return "身份证号中的出生日期晚于今天，请核对"
        case .idAge: return "学员未满\(minimumAge)周岁，不能参加培训"
        case .idChecksum: return "身份证号校验位错误，请核对最后一位"
        case .idDuplicate: return "身份证号在本文件中重复出现，同一学员只能导入一次"
        case .idEnrolled: return "该学员已在本班级名单中，不能重复导入"
        case .idEnrolledElsewhere: return "该学员已在同一职业（工种）同一等级的其他未结班班级中，结班或从该班级删除后才能加入本班级"
        case .phoneMissing: return "手机号不能为空，请填写11位手机号"
        case .phoneFormat: return "手机号格式不正确，请填写以1开头的11位大陆手机号"
        case .typeMissing: return "学员类型不能为空，请按模板填写学员类型"
        case .typeUnknown: return "学员类型不在可选范围内，请按模板中的类型填写（如“农村转移劳动力”“其他”）"
        }
    }
}
