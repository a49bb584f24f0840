/// Every template the workflows send, by name. Parameters are documented in the README
/// ("Notifications (消息中心)") and in schemas/notification.requested.
public enum TemplateCatalog {
    public static func template(named name: String) -> NotificationTemplate? { byName[name] }

    public static let all: [NotificationTemplate] = certification + qualification + classes + training + subsidy

    static let byName: [String: NotificationTemplate] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static let certification: [NotificationTemplate] = [
        NotificationTemplate("certification.submitted", [.init("institutionName"), .init("revision", .count), .init("departmentName")]) { v in
            ("机构信息已提交审核", "\(v["institutionName"]!)：您提交的机构信息（第\(v["revision"]!)版）已提交，等待\(v["departmentName"]!)审核。")
        },
        NotificationTemplate("certification.approved", [.init("institutionName"), .init("revision", .count)]) { v in
            ("机构信息认证已通过", "\(v["institutionName"]!)：您的机构信息认证（第\(v["revision"]!)版）已审核通过，机构状态为“已认证”。")
        },
        NotificationTemplate("certification.rejected", [.init("institutionName"), .init("revision", .count), .init("reason")]) { v in
            ("机构信息认证未通过", "\(v["institutionName"]!)：您的机构信息认证（第\(v["revision"]!)版）未通过审核。原因：\(v["reason"]!)。请修改后重新提交。")
        },
        NotificationTemplate("certification.returned", [.init("institutionName"), .init("revision", .count), .init("fieldErrors")]) { v in
            ("机构信息需要修改", "\(v["institutionName"]!)：您提交的机构信息（第\(v["revision"]!)版）有以下问题，请修改后重新提交：\(v["fieldErrors"]!)。")
        },
    ]

    /// The qualification workflow's params (Sources/Qualification/QualificationTexts.swift):
    /// items are already rendered lists such as `养老护理员（初级/五级）、电工（中级/四级）`.
    static let qualification: [NotificationTemplate] = [
        NotificationTemplate("qualification.submitted", [.init("applicationId"), .init("departmentName"), .init("items")]) { v in
            ("培训资质申请已提交", "您的培训资质申请（\(v["applicationId"]!)）已提交，等待\(v["departmentName"]!)审核。申请工种：\(v["items"]!)。")
        },
        NotificationTemplate("qualification.approved", [.init("applicationId"), .init("items")]) { v in
            ("培训资质申请已通过", "您的培训资质申请（\(v["applicationId"]!)）已审核通过，获批工种：\(v["items"]!)。")
        },
        NotificationTemplate("qualification.partially_approved",
                             [.init("applicationId"), .init("approvedItems"), .init("rejectedItems"), .init("reason", required: false)]) { v in
            let reason = v["reason"].map { $0.isEmpty ? "" : "审核意见：\($0)" } ?? ""
            return ("培训资质申请部分通过", "您的培训资质申请（\(v["applicationId"]!)）部分通过。获批工种：\(v["approvedItems"]!)；未通过：\(v["rejectedItems"]!)。\(reason)")
        },
        NotificationTemplate("qualification.rejected", [.init("applicationId"), .init("reason")]) { v in
            ("培训资质申请未通过", "您的培训资质申请（\(v["applicationId"]!)）未通过审核。原因：\(v["reason"]!)")
        },
        NotificationTemplate("qualification.expiring", [.init("item"), .init("validUntil", .date), .init("daysLeft", .count)]) { v in
            ("培训资质即将到期", "您的培训资质“\(v["item"]!)”将于\(v["validUntil"]!)到期（剩余\(v["daysLeft"]!)天），请及时重新申请。")
        },
        NotificationTemplate("qualification.expired", [.init("item"), .init("validUntil", .date)]) { v in
            ("培训资质已到期", "您的培训资质“\(v["item"]!)”已于\(v["validUntil"]!)到期，不能再开设该工种的培训班。如需继续培训，请重新申请。")
        },
    ]

    static let classes: [NotificationTemplate] = [
        NotificationTemplate("class.created", [.init("className"), .init("classId")]) { v in
            ("班级已创建", "班级“\(v["className"]!)”（编号\(v["classId"]!)）已创建，可以导入学员。")
        },
        NotificationTemplate("class.locked", [.init("className"), .init("classId"), .init("requiredHours", .count, required: false)]) { v in
            let hours = v["requiredHours"].flatMap { $0 == "0" ? nil : "（培训课时\($0)）" } ?? ""
            return ("班级花名册已锁定", "班级“\(v["className"]!)”（编号\(v["classId"]!)）已发布课程任务\(hours)，花名册已锁定，不能再添加学员。")
        },
        NotificationTemplate("class.coursesAdded", [.init("className"), .init("classId"), .init("courses"), .init("requiredHours", .count)]) { v in
            ("班级新增课程任务", "班级“\(v["className"]!)”（编号\(v["classId"]!)）新发布了课程：\(v["courses"]!)。培训课时共\(v["requiredHours"]!)。")
        },
        NotificationTemplate("import.completed",
                             [.init("className"), .init("importId"), .init("totalRows", .count), .init("acceptedRows", .count), .init("invalidRows", .count)]) { v in
            ("学员导入完成", "班级“\(v["className"]!)”的学员导入（编号\(v["importId"]!)）已完成：共\(v["totalRows"]!)行，导入\(v["acceptedRows"]!)人，\(v["invalidRows"]!)行有错误。")
        },
        NotificationTemplate("import.failed", [.init("className"), .init("importId"), .init("reason")]) { v in
            ("学员导入失败", "班级“\(v["className"]!)”的学员导入（编号\(v["importId"]!)）失败：\(v["reason"]!)。")
        },
        NotificationTemplate("student.added", [.init("className"), .init("classId"), .init("studentName", .personName), .init("idNumber", .idNumber)]) { v in
            ("学员已添加", "班级“\(v["className"]!)”（编号\(v["classId"]!)）已添加学员\(v["studentName"]!)（身份证号\(v["idNumber"]!)）。")
        },
        NotificationTemplate("student.removed", [.init("className"), .init("classId"), .init("studentName", .personName), .init("idNumber", .idNumber)]) { v in
            ("学员已删除", "班级“\(v["className"]!)”（编号\(v["classId"]!)）已删除学员\(v["studentName"]!)（身份证号\(v["idNumber"]!)）。")
        },
    ]

    /// The training workflow's (Sources/Training/ScoreRules.swift, CertificateEffects.swift): counts only, no student named.
    static let training: [NotificationTemplate] = [
        NotificationTemplate("scores.recorded", [.init("className"), .init("classId"), .init("count", .count), .init("passedCount", .count)]) { v in
            ("学员成绩已录入", "班级“\(v["className"]!)”（编号\(v["classId"]!)）已录入\(v["count"]!)名学员的成绩，其中合格\(v["passedCount"]!)人。下载电子凭证前可以修改成绩，下载后将无法更改。")
        },
        NotificationTemplate("scores.imported",
                             [.init("className"), .init("importId"), .init("totalRows", .count), .init("acceptedRows", .count), .init("invalidRows", .count)]) { v in
            ("成绩导入完成", "班级“\(v["className"]!)”的成绩导入（编号\(v["importId"]!)）已完成：共\(v["totalRows"]!)行，录入\(v["acceptedRows"]!)名学员的成绩，\(v["invalidRows"]!)行有错误。")
        },
        NotificationTemplate("scores.importFailed", [.init("className"), .init("importId"), .init("reason")]) { v in
            ("成绩导入失败", "班级“\(v["className"]!)”的成绩导入（编号\(v["importId"]!)）失败：\(v["reason"]!)。")
        },
        NotificationTemplate("certificate.issued", [.init("className"), .init("classId"), .init("certificateId"), .init("studentCount", .count),
                                                    .init("qualifiedCount", .count)]) { v in
            ("电子凭证已生成", "班级“\(v["className"]!)”（编号\(v["classId"]!)）已结班，电子凭证（凭证编号\(v["certificateId"]!)）已生成：参训学员\(v["studentCount"]!)人，"
                + "合格\(v["qualifiedCount"]!)人。结班后学员学习不再累计课时，成绩不能再修改。请下载电子凭证后直接打印，不可更改凭证上的任何信息。")
        },
    ]

    /// The subsidy workflow's (Sources/Subsidy/SubsidyEffects.swift): amounts in whole yuan, no student named.
    static let subsidy: [NotificationTemplate] = [
        NotificationTemplate("subsidy.pending", [.init("className"), .init("classId"), .init("claimId"), .init("studentCount", .count),
                                                 .init("eligibleCount", .count), .init("claimedAmount", .count), .init("departmentName")]) { v in
            ("补贴申领已提交", "班级“\(v["className"]!)”（编号\(v["classId"]!)）的补贴申领（编号\(v["claimId"]!)）已提交，等待\(v["departmentName"]!)审核：参训学员\(v["studentCount"]!)人，符合补贴条件\(v["eligibleCount"]!)人，申领金额\(v["claimedAmount"]!)元。")
        },
        NotificationTemplate("subsidy.approved", [.init("className"), .init("classId"), .init("claimId"), .init("grantedCount", .count),
                                                  .init("grantedAmount", .count), .init("notGrantedCount", .count)]) { v in
            ("补贴申领已审核通过", "班级“\(v["className"]!)”（编号\(v["classId"]!)）的补贴申领（编号\(v["claimId"]!)）已审核通过：补贴学员\(v["grantedCount"]!)人，补贴金额\(v["grantedAmount"]!)元；未获补贴\(v["notGrantedCount"]!)人，原因见申领明细。")
        },
        NotificationTemplate("subsidy.partially_approved", [.init("className"), .init("classId"), .init("claimId"), .init("grantedCount", .count),
                                                            .init("grantedAmount", .count), .init("notGrantedCount", .count)]) { v in
            ("补贴申领部分通过", "班级“\(v["className"]!)”（编号\(v["classId"]!)）的补贴申领（编号\(v["claimId"]!)）部分通过审核：补贴学员\(v["grantedCount"]!)人，补贴金额\(v["grantedAmount"]!)元；未获补贴\(v["notGrantedCount"]!)人，原因见申领明细。")
        },
        NotificationTemplate("subsidy.rejected", [.init("className"), .init("classId"), .init("claimId"), .init("reason")]) { v in
            ("补贴申领未通过", "班级“\(v["className"]!)”（编号\(v["classId"]!)）的补贴申领（编号\(v["claimId"]!)）未通过审核。原因：\(v["reason"]!)。")
        },
    ]
}
