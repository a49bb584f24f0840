import JobQueue
@testable import Notification
import Testing

/// Every template renders from valid params; bad params are refused field by field.
@Suite struct TemplateTests {
    static let sample: [String: JSONValue] = [
        "institutionName": "长沙市芙蓉区职业技能培训学校", "revision": 2, "departmentName": "长沙市人社部门",
        "reason": "营业执照不清晰", "fieldErrors": "统一社会信用代码：校验位错误", "applicationId": "app-1", "itemCount": "3",
        "items": "育婴员（四级）", "approvedItems": "育婴员（四级）", "rejectedItems": "电工（三级）",
        "occupationName": "育婴员", "levelName": "四级", "item": "育婴员（中级/四级）", "validUntil": "2027-01-31", "daysLeft": 7,
        "className": "育婴员一班", "classId": "class-1", "importId": "imp-1", "totalRows": 120, "acceptedRows": 118, "invalidRows": 2,
        "count": 30, "passedCount": 28, "courses": "安全用电（8课时）", "requiredHours": 24,
        "studentName": "李小明", "idNumber": "43010219900307001X", "certificateId": "EC20261129-153012-9f3a0b1c2d3e",
        "claimId": "claim-1", "studentCount": 30, "eligibleCount": 25, "claimedAmount": 20000, "grantedCount": 24, "grantedAmount": 19200,
        "notGrantedCount": 6, "qualifiedCount": 28,
    ]

    @Test func everyTemplate_rendersChineseTextWithEveryParam() throws {
        #expect(TemplateCatalog.all.count == 25)
        for template in TemplateCatalog.all {
            let params = Dictionary(uniqueKeysWithValues: template.params.map { ($0.name, Self.sample[$0.name]!) })
            let text = try template.render(params).get()
            #expect(!text.title.isEmpty && !text.body.isEmpty, "\(template.name)")
            #expect(!text.body.contains("nil") && !text.body.contains("Optional"), "\(template.name)")
            for p in template.params where p.kind == .text {
                #expect(text.body.contains(Self.sample[p.name]!.stringValue!), "\(template.name) lacks \(p.name)")
            }
            print("\(template.name): \(text.title) | \(text.body)")
        }
    }

    @Test func specificRenderings() throws {
        let expiring = try TemplateCatalog.template(named: "qualification.expiring")!.render(Self.sample).get()
        #expect(expiring.body.contains("2027年1月31日到期（剩余7天）"))
        let imported = try TemplateCatalog.template(named: "import.completed")!.render(Self.sample).get()
        #expect(imported.body.contains("共120行，导入118人，2行有错误"))
        let scores = try TemplateCatalog.template(named: "scores.recorded")!.render(Self.sample).get()
        #expect(scores.body.contains("已录入30名学员的成绩，其中合格28人"))
        let locked = try TemplateCatalog.template(named: "class.locked")!.render(Self.sample).get()
        #expect(locked.body.contains("已发布课程任务（培训课时24），花名册已锁定"))
        let lockedBare = try TemplateCatalog.template(named: "class.locked")!.render(["className": "育婴员一班", "classId": "class-1"]).get()
        #expect(lockedBare.body.contains("已发布课程任务，花名册已锁定"))
        let added = try TemplateCatalog.template(named: "class.coursesAdded")!.render(Self.sample).get()
        #expect(added.body.contains("新发布了课程：安全用电（8课时）。培训课时共24。"))
        let claimed = try TemplateCatalog.template(named: "subsidy.pending")!.render(Self.sample).get()
        #expect(claimed.body.contains("参训学员30人，符合补贴条件25人，申领金额20000元"))
        let granted = try TemplateCatalog.template(named: "subsidy.partially_approved")!.render(Self.sample).get()
        #expect(granted.title == "补贴申领部分通过" && granted.body.contains("补贴学员24人，补贴金额19200元；未获补贴6人"))
        let studentAdded = try TemplateCatalog.template(named: "student.added")!.render(Self.sample).get()
        #expect(studentAdded.body == "班级“育婴员一班”（编号class-1）已添加学员李**（身份证号4301**********001X）。")
        let removed = try TemplateCatalog.template(named: "student.removed")!.render(Self.sample).get()
        #expect(removed.title == "学员已删除" && removed.body.contains("已删除学员李**（身份证号4301**********001X）") && !removed.body.contains("李小明"))
    }

    @Test func missingOrMistypedParams_areNamedAndNothingIsRendered() {
        let template = TemplateCatalog.template(named: "import.completed")!
        var params = Self.sample
        params["totalRows"] = nil
        params["acceptedRows"] = "many"
        params["className"] = 5
        guard case .failure(let failure) = template.render(params) else { Issue.record("rendered"); return }
        let got = Set(failure.errors.map { "\($0.field) \($0.code)" })
        #expect(got == ["payload.params.totalRows field.required", "payload.params.acceptedRows field.type",
                        "payload.params.className field.type"])
        var bad = Self.sample
        bad["validUntil"] = "2027-02-30"
        guard case .failure(let f2) = TemplateCatalog.template(named: "qualification.expired")!.render(bad) else { Issue.record("rendered"); return }
        #expect(f2.errors.map(\.field) == ["payload.params.validUntil"])
    }

    @Test func personalData_isMaskedInTexts() throws {
        #expect(PIIMasker.mask("身份证430102199001011234，手机13812345678") == "身份证4301**********1234，手机138****5678")
        #expect(PIIMasker.mask("43010219900101123X") == "4301**********123X")
        #expect(PIIMasker.mask("订单1234567890123456789") == "订单1234567890123456789")
        var params = Self.sample
        params["reason"] = "负责人电话13812345678无法接通"
        let text = try TemplateCatalog.template(named: "certification.rejected")!.render(params).get()
        #expect(text.body.contains("138****5678") && !text.body.contains("13812345678"))
        let named = NotificationTemplate("t", [.init("studentName", .personName)]) { v in ("t", "学员\(v["studentName"]!)") }
        #expect(try named.render(["studentName": "李小明"]).get().body == "学员李**")
    }

    @Test func producerTexts_replaceTheTemplates_afterMasking() throws {
        var params = Self.sample
        params["title"] = "机构信息已提交审核"
        params["body"] = "请联系13812345678"
        let text = try TemplateCatalog.template(named: "certification.submitted")!.render(params).get()
        #expect(text.title == "机构信息已提交审核" && text.body == "请联系138****5678")
    }

    @Test func payload_unknownTemplateAndBadChannels_areFieldErrors() {
        let payload: JSONValue = ["notificationId": "n-1", "institutionId": "inst 1", "template": "nope", "channels": ["sms", "fax"]]
        guard case .failure(let f) = NotificationPayload.decode(payload) else { Issue.record("accepted"); return }
        #expect(Set(f.errors.map(\.field)) == ["payload.institutionId", "payload.template", "payload.channels[1]"])
    }

    @Test func quietHours_wrapMidnightInChinaTime() throws {
        let q = try #require(try QuietHours.parse("22:00-08:00"))
        let t2300 = Timestamp.parseRFC3339("2026-11-29T15:00:00Z")! // 23:00 CST
        let t0900 = Timestamp.parseRFC3339("2026-11-29T01:00:00Z")! // 09:00 CST
        #expect(q.contains(t2300) && !q.contains(t0900))
        #expect(q.end(after: t2300) == Timestamp.parseRFC3339("2026-11-30T00:00:00Z")!)
        #expect(try QuietHours.parse("") == nil)
        #expect(throws: ConfigurationError.self) { try QuietHours.parse("25:00-08:00") }
    }

    @Test func dingTalkSignature_matchesOpenSSLVector() {
        // printf '1700000000000\nSECsecret' | openssl dgst -sha256 -hmac 'SECsecret' -binary | base64
        let sign = DingTalkSigner.signature(timestampMs: 1_700_000_000_000, secret: "SECsecret")
        #expect(sign == Self.expectedSign)
        let url = DingTalkSigner.signedURL("https://oapi.dingtalk.com/robot/send?access_token=abc", timestampMs: 1_700_000_000_000, secret: "SECsecret")
        #expect(url.hasPrefix("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign="))
        #expect(url.hasSuffix("&sign=0QWYb8Ux63Sm4BhHaJNL3lv5mqW1sLFoks7vu%2BHFFi4%3D"))
    }

    static let expectedSign = "0QWYb8Ux63Sm4BhHaJNL3lv5mqW1sLFoks7vu+HFFi4="
}

@Suite struct ContactPreferencesTests {
    @Test func defaultChannels_inboxPlusSMSWhenConfiguredAndNotOptedOut() {
        let phone = ContactPreferences(phone: "13812345678")
        #expect(phone.channels(requested: nil, smsConfigured: true) == [.inbox, .sms])
        #expect(phone.channels(requested: nil, smsConfigured: false) == [.inbox])
        #expect(ContactPreferences().channels(requested: nil, smsConfigured: true) == [.inbox])
        var optOut = phone
        optOut.smsOptOut = true
        #expect(optOut.channels(requested: [.sms, .dingtalk], smsConfigured: true) == [.inbox, .dingtalk])
        let chosen = ContactPreferences(phone: "13812345678", channels: [.dingtalk])
        #expect(chosen.channels(requested: nil, smsConfigured: true) == [.inbox, .dingtalk])
    }

    @Test func storedFields_roundTrip_andRedactedHidesSecrets() {
        let p = ContactPreferences(phone: "13812345678", channels: [.inbox, .sms], smsOptOut: true,
                                   dingtalkWebhook: "https://oapi.dingtalk.com/robot/send?access_token=x", dingtalkSecret: "SEC1")
        let fields = Dictionary(uniqueKeysWithValues: p.fields)
        #expect(ContactPreferences(fields: fields) == p)
        let shown = p.redacted.map(\.1).joined(separator: " ")
        #expect(!shown.contains("SEC1") && !shown.contains("13812345678") && shown.contains("***") && shown.contains("138****5678"))
    }

    @Test func followUpIds_stayWithin64Characters() {
        #expect(DeliveryPlan.followUpId("n-1", round: 2) == "n-1:r2")
        let long = String(repeating: "a", count: 64)
        let id = DeliveryPlan.followUpId(long, round: 12)
        #expect(id.utf8.count <= 64 && id.hasSuffix(":r12") && NotificationPayload.isNotificationId(id))
    }
}
