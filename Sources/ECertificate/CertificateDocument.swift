import TrainingDomain

/// Everything the e-certificate (电子凭证) shows, as plain values: the institution, the class and
/// its facts, and one line per student. Pure: no Redis, no workflow; the training workflow reads
/// the closed class and builds one. Rendering it (``CertificatePDF``) and signing its
/// ``summary`` are functions of this value alone, so the same document gives the same bytes.
public struct CertificateDocument: Sendable, Hashable {
    /// The title printed at the top: 湖南省职业技能培训管理平台电子凭证.
    public static let title = "湖南省职业技能培训管理平台电子凭证"

    /// 凭证编号, printed on every page and signed.
    public var certificateId: String
    /// The institution's id (signed, not printed).
    public var institutionId: String
    /// 培训机构(企业).
    public var institutionName: String
    /// The institution's phone, printed after its name.
    public var institutionPhone: String
    /// 班级编号: the class's id.
    public var classId: String
    /// 班级名称.
    public var className: String
    /// 培训课时: the class's required hours (the sum of its courses' hours).
    public var requiredHours: Double
    /// The occupation's code (signed), e.g. `electrician`.
    public var occupation: String
    /// The occupation's Chinese name (printed), e.g. 电工.
    public var occupationName: String
    /// The level.
    public var level: SkillLevel
    /// 开班时间: the class's creation.
    public var openedAt: ChinaTime
    /// 结班时间: the first download of the certificate.
    public var closedAt: ChinaTime
    /// 生成日期: when the certificate was generated (the closing, for the first request).
    public var generatedAt: ChinaTime
    /// The students, in the order printed (序号 1, 2, …); the roster hash depends on the order.
    public var students: [CertificateStudent]

    /// A document; the occupation's Chinese name comes from `catalog` (its code if unknown).
    public init(certificateId: String, institutionId: String, institutionName: String, institutionPhone: String,
                classId: String, className: String, requiredHours: Double, occupation: String, level: SkillLevel,
                openedAt: ChinaTime, closedAt: ChinaTime, generatedAt: ChinaTime, students: [CertificateStudent],
                catalog: OccupationCatalog = .embedded) {
        self.certificateId = certificateId
        self.institutionId = institutionId
        self.institutionName = institutionName
        self.institutionPhone = institutionPhone
        self.classId = classId
        self.className = className
        self.requiredHours = requiredHours
        self.occupation = occupation
        occupationName = catalog.occupation(code: occupation)?.name ?? occupation
        self.level = level
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.generatedAt = generatedAt
        self.students = students
    }

    /// 参训学员数: the students listed.
    public var studentCount: Int { students.count }

    /// 合格学员数: the students who passed (both scores ≥ 60).
    public var qualifiedCount: Int { students.reduce(0) { $0 + ($1.passed ? 1 : 0) } }

    /// 培训项目 as printed: the occupation and the level, `电工 初级（五级）` (the occupation alone
    /// for an item without level).
    public var trainingItem: String {
        level == .none ? occupationName : "\(occupationName) \(level.displayName)"
    }

    /// 培训机构(企业) as printed: `name(phone)`.
    public var institutionLine: String { "\(institutionName)(\(institutionPhone))" }

    /// The table's column titles.
    public static let columns = ["序号", "姓名", "性别", "学员类型", "身份证号", "手机号", "线上培训课时", "理论成绩", "实操成绩"]

    /// The student lines as printed: line `n` holds the nine cells of the `n`th student (序号 `n`),
    /// each line its cells joined by a tab (U+0009) and ended by a line feed (U+000A). A cell
    /// never holds a tab or a line break (control characters print as spaces).
    public var rosterLines: [[String]] {
        students.enumerated().map { $1.cells(sequence: $0 + 1) }
    }

    /// ``rosterLines`` as one UTF-8 text: what `rosterSha256` hashes.
    public var rosterText: String {
        var text = ""
        for cells in rosterLines {
            text += cells.joined(separator: "\t")
            text += "\n"
        }
        return text
    }

    /// SHA-256 of ``rosterText``'s UTF-8 bytes, lower-case hex.
    public var rosterSha256: String { LibCrypto.sha256Hex(Array(rosterText.utf8)) }

    /// The fields the QR code signs.
    public var summary: CertificateSummary {
        CertificateSummary(certificateId: certificateId, classId: classId, institutionId: institutionId, institutionName: institutionName,
                           occupation: occupation, level: level.rawValue, openedAt: openedAt.rfc3339, closedAt: closedAt.rfc3339,
                           studentCount: studentCount, qualifiedCount: qualifiedCount, rosterSha256: rosterSha256)
    }
}
