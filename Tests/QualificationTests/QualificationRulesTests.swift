import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import Qualification
import QualificationQueries
import Testing
import TrainingDomain
import WorkflowKernel

/// The rules as pure functions: payload decoding, the machine, expiry steps, settings.
@Suite struct QualificationRulesTests {
    static func certified(_ id: String = "inst-1", department: String = "430100") -> InstitutionRecord {
        var r = InstitutionRecord(institutionId: id)
        r.version = 2
        r.current = InstitutionProfile(institutionId: id, name: "机构", principal: "张三", contactPhone: "13900000000",
                                       licenseType: .businessLicense, licenseNumber: "91430100MA4L000000",
                                       departmentId: department, regionCode: "430102", address: "长沙")
        return r
    }

    static func request(_ app: String = "app-1", items: [ApplicationItem], department: String = "430100") -> ApplicationRequest {
        ApplicationRequest(applicationId: app, institutionId: "inst-1", departmentId: department, items: items)
    }

    static let reviewer = ReviewerRecord(reviewerId: "rev-1", departmentId: "430100")
    static let now = QualificationHarness.startMs

    func applied(_ m: inout QualificationMachine, _ app: String, _ items: [ApplicationItem]) -> QualificationDecision {
        m.apply(Self.request(app, items: items), institution: Self.certified(), applicationHolder: nil, today: Q.today, nowMs: Self.now)
    }

    func decision(_ app: String, _ revision: Int, _ verdict: QualificationDecisionRequest.Verdict, department: String = "430100") -> QualificationDecisionRequest {
        QualificationDecisionRequest(applicationId: app, revision: revision, reviewerId: "rev-1", departmentId: department, verdict: verdict)
    }

    @Test func payload_pathsAndCodes() {
        let payload: JSONValue = ["applicationId": "a", "institutionId": "i", "departmentId": "430100", "items": [
            ["occupation": "electrician", "level": "junior"],
            ["occupation": "electrician", "level": "expert"],
            ["occupation": "no-such-job", "level": "junior"],
            ["occupation": "syb-entrepreneurship", "level": "none"],
            ["occupation": "syb-entrepreneurship", "level": "junior", "validUntil": "2027-01-01"],
            ["occupation": "electrician", "level": "junior"],
        ]]
        guard case .failure(let e) = ApplicationPayload.decode(payload) else { Issue.record("accepted"); return }
        #expect(e.errors.map { "\($0.field) \($0.code)" } == [
            "payload.items[1].level field.enum", "payload.items[2].occupation field.enum",
            "payload.items[3].validUntil field.required", "payload.items[4].level field.enum",
            "payload.items[5].occupation item.duplicate"])
    }

    @Test func apply_refusals() {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        #expect(m.apply(Self.request(items: [Q.electrician]), institution: InstitutionRecord(institutionId: "inst-1"),
                        applicationHolder: nil, today: Q.today, nowMs: Self.now).outcome == "not_certified")
        #expect(m.apply(Self.request(items: [Q.electrician], department: "430200"), institution: Self.certified(),
                        applicationHolder: nil, today: Q.today, nowMs: Self.now).outcome == "forbidden")
        guard case .refused(let past) = applied(&m, "app-1", [Q.electrician, Q.syb(Q.today)]) else { Issue.record("accepted"); return }
        #expect(past.code == .validationFailed && past.errors.first?.field == "payload.items[1].validUntil")
        #expect(applied(&m, "app-1", [Q.electrician, Q.syb(Q.date(1))]).outcome == "pending_review")
        #expect(m.record.pending?.revision == 1)
    }

    @Test func newApplication_mustRepeatApprovedUnexpiredItems_andSupersedesThePendingOne() {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        _ = applied(&m, "app-1", [Q.electrician, Q.syb(Q.date(10))])
        #expect(m.decide(decision("app-1", 1, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "approved")
        guard case .refused(let r) = applied(&m, "app-2", [Q.caregiver]) else { Issue.record("accepted"); return }
        #expect(r.code == .missingApprovedItems && r.errors.count == 2)
        #expect(applied(&m, "app-2", [Q.caregiver, Q.electrician, Q.syb(Q.date(400))]).outcome == "pending_review")
        guard case .applied(let t) = applied(&m, "app-3", [Q.caregiver, Q.electrician, Q.syb(Q.date(400))]) else { Issue.record("refused"); return }
        #expect(t.kind == .applied(superseded: t.before.pending))
        #expect(m.decide(decision("app-2", 2, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "stale_revision")
        #expect(m.decide(decision("app-3", 2, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "stale_revision")
        #expect(m.decide(decision("app-3", 4, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "unknown_revision")
        #expect(m.decide(decision("app-3", 3, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "approved")
        #expect(m.decide(decision("app-3", 3, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "already_decided")
        #expect(m.decide(decision("app-9", 1, .approve), reviewer: Self.reviewer, nowMs: Self.now).outcome == "not_pending")
    }

    @Test func decisions_partialDecidesEachItemOnce_rejectNeedsReason_reviewerOfTheDepartment() {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        _ = applied(&m, "app-1", [Q.electrician, Q.caregiver])
        let other = ReviewerRecord(reviewerId: "rev-1", departmentId: "430200")
        #expect(m.decide(decision("app-1", 1, .approve), reviewer: nil, nowMs: Self.now).outcome == "forbidden")
        #expect(m.decide(decision("app-1", 1, .approve), reviewer: other, nowMs: Self.now).outcome == "forbidden")
        #expect(m.decide(decision("app-1", 1, .approve, department: "430200"), reviewer: other, nowMs: Self.now).outcome == "forbidden")
        #expect(m.decide(decision("app-1", 1, .reject(reason: "")), reviewer: Self.reviewer, nowMs: Self.now).outcome == "validation_failed")
        let once: [QualificationDecisionRequest.ItemDecision] = [.init(key: Q.electrician.key, approve: true)]
        guard case .refused(let missing) = m.decide(decision("app-1", 1, .partial(items: once, reason: nil)), reviewer: Self.reviewer, nowMs: Self.now)
        else { Issue.record("accepted"); return }
        #expect(missing.errors.map(\.code) == ["item.missing"])
        let twice = once + [.init(key: Q.electrician.key, approve: false), .init(key: Q.caregiver.key, approve: false)]
        #expect(m.decide(decision("app-1", 1, .partial(items: twice, reason: nil)), reviewer: Self.reviewer, nowMs: Self.now).outcome == "validation_failed")
        let good = once + [.init(key: Q.caregiver.key, approve: false, reason: "场地不足")]
        #expect(m.decide(decision("app-1", 1, .partial(items: good, reason: "部分通过")), reviewer: Self.reviewer, nowMs: Self.now).outcome == "partially_approved")
        #expect(QualificationInspector.isActive(m.record, occupation: "electrician", level: .junior, on: Q.today))
        #expect(!QualificationInspector.isActive(m.record, occupation: "elderly-caregiver", level: .intermediate, on: Q.today))
    }

    @Test func query_activeUntilTheEndOfValidUntil() {
        var record = QualificationRecord(institutionId: "i")
        let key = Q.syb(Q.date(5)).key
        record.items[key] = ApprovedItem(key: key, validUntil: Q.date(5), applicationId: "a", approvedAtMs: 0)
        #expect(QualificationInspector.isActive(record, occupation: "syb-entrepreneurship", level: .none, on: Q.date(5)))
        #expect(!QualificationInspector.isActive(record, occupation: "syb-entrepreneurship", level: .none, on: Q.date(6)))
        record.items[key]?.status = .expired
        #expect(!QualificationInspector.isActive(record, occupation: "syb-entrepreneurship", level: .none, on: Q.date(1)))
    }

    @Test func steps_dueAtDaysBeforeTheEndOfTheDayInChina() throws {
        let until = LocalDate(year: 2027, month: 3, day: 31)
        let steps = ExpiryStep.steps(institutionId: "i", key: Q.syb(until).key, validUntil: until, reminderDays: [1, 30, 7])
        #expect(steps.map(\.stepName) == ["reminder-30", "reminder-7", "reminder-1", "expire"])
        // 2027-04-01 00:00 +08:00 = 2027-03-31T16:00:00Z
        #expect(Timestamp.rfc3339(ms: steps[3].dueMs).hasPrefix("2027-03-31T16:00:00"))
        #expect(steps[0].dueMs == steps[3].dueMs - 30 * 86_400_000)
        #expect(ExpiryStep(member: steps[1].member) == steps[1])
        #expect(steps[1].member == "i|syb-entrepreneurship|none|2027-03-31|reminder-7")
        let late = ExpiryStep.steps(institutionId: "i", key: Q.syb(until).key, validUntil: until, reminderDays: [30, 7, 1], afterMs: steps[1].dueMs - 1)
        #expect(late.map(\.stepName) == ["reminder-7", "reminder-1", "expire"])
    }

    @Test func settings_fromEnvironment() throws {
        let s = try QualificationSettings.load(environment: ["VT_EXPIRY_REMINDER_DAYS": "14, 3", "VT_EXPIRY_SWEEP_MS": "250"])
        #expect(s.reminderDays == [14, 3] && s.sweepIntervalMs == 250)
        #expect(throws: QualificationSettings.Invalid.self) { try QualificationSettings.load(environment: ["VT_EXPIRY_REMINDER_DAYS": "x"]) }
    }
}
