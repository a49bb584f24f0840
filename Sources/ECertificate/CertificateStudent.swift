import Foundation
import TrainingDomain

/// One student of the class as the certificate prints them: 序号 (their place in the list),
/// 姓名 masked (`李**`), 性别, 学员类型, 身份证号 and 手机号 in full, 线上培训课时, 理论成绩 and 实操成绩.
///
/// The ID and phone numbers are printed whole, as the contract lists them and the platform's own
/// certificate shows them: the department that receives the printed certificate matches each
/// line to the subsidy claim's student by ID number (同一职业同一等级不重复享受), and the QR
/// code's roster hash covers exactly these printed lines. Only the name is masked.
public struct CertificateStudent: Sendable, Hashable {
    /// 姓名, in full; printed masked.
    public var name: String
    /// 性别.
    public var gender: Gender
    /// 学员类型 (a catalog label); empty prints `-`.
    public var studentType: String
    /// 身份证号.
    public var idNumber: String
    /// 手机号.
    public var phone: String
    /// 线上培训课时 counted for the class at its closing, in 课时 as the training workflow counts
    /// them; nil (nothing learnt online) prints `-`.
    public var onlineHours: Double?
    /// 理论成绩, 0–100 with at most two decimals; nil (not recorded) prints `-`.
    public var theory: Double?
    /// 实操成绩, 0–100 with at most two decimals; nil prints `-`.
    public var practical: Double?

    /// The score both 理论成绩 and 实操成绩 must reach for a student to pass (合格).
    public static let passMark = 60.0

    /// Creates a student line.
    public init(name: String, gender: Gender, studentType: String, idNumber: String, phone: String,
                onlineHours: Double?, theory: Double?, practical: Double?) {
        self.name = name
        self.gender = gender
        self.studentType = studentType
        self.idNumber = idNumber
        self.phone = phone
        self.onlineHours = onlineHours
        self.theory = theory
        self.practical = practical
    }

    /// 合格: both scores recorded and each ≥ 60.
    public var passed: Bool {
        guard let theory, let practical else { return false }
        return theory >= Self.passMark && practical >= Self.passMark
    }

    /// The nine cells as printed, 序号 being `sequence`.
    public func cells(sequence: Int) -> [String] {
        [String(sequence), Self.printable(PersonName.mask(name)), gender.chineseName, studentType.isEmpty ? "-" : Self.printable(studentType),
         Self.printable(idNumber), Self.printable(phone), CertificateNumber.hours(onlineHours), CertificateNumber.score(theory),
         CertificateNumber.score(practical)]
    }

    /// `text` with every control character, line and paragraph separator (tabs and line breaks
    /// among them) as a space, so a cell stays one cell of one printed line.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: breaksLines) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { breaksLines($0) ? " " : $0 }))
    }

    /// Control characters, line and paragraph separators.
    private static func breaksLines(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
