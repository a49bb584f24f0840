import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import JobQueue
import QualificationQueries
import Testing
import WorkflowKernel

/// The state machine alone: event in, decision out.
@Suite struct CertificationMachineTests {
    let reviewer = ReviewerRecord(reviewerId: "rev-1", departmentId: "430100", name: "李四")

    func applied(_ d: CertificationDecision, sourceLocation: SourceLocation = #_sourceLocation) -> CertificationTransition? {
        if case .applied(let t) = d { return t }
        Issue.record("expected a transition, got \(d)", sourceLocation: sourceLocation)
        return nil
    }

    func refusal(_ d: CertificationDecision) -> CertificationRefusalCode? {
        if case .refused(let r) = d { return r.code }
        return nil
    }

    func approve(_ revision: Int, by reviewer: String = "rev-1", department: String = "430100") -> CertificationDecisionRequest {
        CertificationDecisionRequest(institutionId: "inst-1", revision: revision, reviewerId: reviewer, departmentId: department, verdict: .approve)
    }

    func reject(_ revision: Int, reason: String = "证件编号与营业执照不符") -> CertificationDecisionRequest {
        CertificationDecisionRequest(institutionId: "inst-1", revision: revision, reviewerId: "rev-1", departmentId: "430100", verdict: .reject(reason: reason))
    }

    /// A machine that has gone through `submit` (and `approve` when certified).
    func machine(certified: Bool = false) -> CertificationMachine {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        _ = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000)
        if certified { _ = m.decide(approve(1), reviewer: reviewer, nowMs: 2_000) }
        return m
    }

    @Test func submit_whenNew_goesToPendingReviewWithRevision1() throws {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        let t = try #require(applied(m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000)))
        #expect(t.kind == .submitted(superseded: nil))
        #expect(t.kind.outcome == "pending_review")
        #expect(t.revision == 1)
        #expect(m.record.state == .pendingReview)
        #expect(m.record.version == 1)
        #expect(m.record.departmentId == "430100")
        #expect(m.record.submittedAtMs == 1_000)
        #expect(t.event.type == "certification.pending")
        #expect(t.event.payload["revision"] == 1)
        #expect(t.notification.template == "certification.submitted")
        #expect(t.notification.params["institutionName"] == "长沙市芙蓉区某某职业培训学校")
        #expect(t.notification.params["body"]?.contains("长沙市人社部门") == true)
        #expect(t.audit.action == "submitted")
        #expect(t.audit.actor == "institution:inst-1")
    }

    @Test func submit_whilePending_supersedesThePendingRevision() throws {
        var m = machine()
        let t = try #require(applied(m.submit(Fixtures.profile("inst-1", n: 2), licenseHolder: nil, phoneHolder: nil, nowMs: 3_000)))
        #expect(t.kind == .submitted(superseded: 1))
        #expect(t.revision == 2)
        #expect(m.record.pending?.licenseNumber == DomainFixtures.license(2))
        #expect(t.event.payload["supersededRevision"] == 1)
        #expect(t.notification.params["body"]?.contains("第1版已被本次提交替代") == true)
        #expect(refusal(m.decide(approve(1), reviewer: reviewer, nowMs: 4_000)) == .staleRevision)
    }

    @Test func submit_whenCertified_staysCertifiedWithAPendingChange() throws {
        var m = machine(certified: true)
        let t = try #require(applied(m.submit(Fixtures.profile("inst-1", n: 2), licenseHolder: nil, phoneHolder: nil, nowMs: 3_000)))
        #expect(t.revision == 2)
        #expect(m.record.state == .certified)
        #expect(m.record.current?.licenseNumber == DomainFixtures.license(1))
        #expect(m.record.pending?.licenseNumber == DomainFixtures.license(2))
        #expect(m.record.heldLicenses == [DomainFixtures.license(1), DomainFixtures.license(2)])
        #expect(t.event.payload["state"] == "certified")
    }

    @Test func submit_whenLicenceHeldByAnother_isDuplicateLicense_butOwnHoldingIsFine() {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        let profile = Fixtures.profile("inst-1", n: 1)
        #expect(refusal(m.submit(profile, licenseHolder: "inst-9", phoneHolder: nil, nowMs: 1)) == .duplicateLicense)
        #expect(m.record.version == 0)
        #expect(refusal(m.submit(profile, licenseHolder: "inst-1", phoneHolder: "inst-1", nowMs: 1)) == nil)
    }

    @Test func submit_whenPhoneHeldByAnother_isPhoneInUse() {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        let d = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: "inst-9", nowMs: 1)
        #expect(refusal(d) == .phoneInUse)
        guard case .refused(let r) = d else { return }
        #expect(r.errors.map(\.field) == ["payload.contactPhone"])
        #expect(!r.message.contains("13900000001"), "phones are masked in messages")
    }

    @Test func decide_approve_certifiesWithTheSubmittedData() throws {
        var m = machine()
        let t = try #require(applied(m.decide(approve(1), reviewer: reviewer, nowMs: 5_000)))
        #expect(t.kind.outcome == "approved")
        #expect(m.record.state == .certified)
        #expect(m.record.pending == nil)
        #expect(m.record.current == Fixtures.profile("inst-1", n: 1))
        #expect(m.record.certifiedRevision == 1)
        #expect(m.record.decided.by == "rev-1")
        #expect(t.event.type == "certification.approved")
        #expect(t.notification.template == "certification.approved")
        #expect(t.audit.actor == "reviewer:rev-1")
    }

    @Test func decide_reject_leavesTheInstitutionRejectedWithTheReason() throws {
        var m = machine()
        let t = try #require(applied(m.decide(reject(1), reviewer: reviewer, nowMs: 5_000)))
        #expect(t.kind == .declined(reason: "证件编号与营业执照不符"))
        #expect(t.kind.outcome == "declined")
        #expect(m.record.state == .rejected)
        #expect(m.record.heldLicenses.isEmpty, "a refused submission holds no licence number")
        #expect(t.event.type == "certification.rejected")
        #expect(t.notification.params["reason"] == "证件编号与营业执照不符")
        #expect(t.audit.details["reason"] == "证件编号与营业执照不符")
    }

    @Test func decide_rejectOfAChange_keepsTheInstitutionCertifiedWithItsOldData() throws {
        var m = machine(certified: true)
        _ = m.submit(Fixtures.profile("inst-1", n: 2), licenseHolder: nil, phoneHolder: nil, nowMs: 3_000)
        let t = try #require(applied(m.decide(reject(2), reviewer: reviewer, nowMs: 4_000)))
        #expect(m.record.state == .certified)
        #expect(m.record.current?.licenseNumber == DomainFixtures.license(1))
        #expect(m.record.certifiedRevision == 1)
        #expect(m.record.heldLicenses == [DomainFixtures.license(1)])
        #expect(t.notification.params["body"]?.contains("仍保持“已认证”状态") == true)
    }

    @Test func submit_afterRejection_goesPendingAgainWithTheNextRevision() throws {
        var m = machine()
        _ = m.decide(reject(1), reviewer: reviewer, nowMs: 2_000)
        let t = try #require(applied(m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 3_000)))
        #expect(t.kind == .submitted(superseded: nil))
        #expect(t.revision == 2)
        #expect(m.record.state == .pendingReview)
    }

    @Test func decide_byUnregisteredOrInactiveReviewer_isForbidden() {
        var m = machine()
        #expect(refusal(m.decide(approve(1), reviewer: nil, nowMs: 1)) == .forbidden)
        var inactive = reviewer
        inactive.active = false
        #expect(refusal(m.decide(approve(1), reviewer: inactive, nowMs: 1)) == .forbidden)
        #expect(m.record.state == .pendingReview)
    }

    @Test func decide_byReviewerOfAnotherDepartment_isForbidden() {
        var m = machine()
        let other = ReviewerRecord(reviewerId: "rev-2", departmentId: "430200")
        #expect(refusal(m.decide(approve(1, by: "rev-2", department: "430200"), reviewer: other, nowMs: 1)) == .forbidden)
        // Claiming a department the reviewer does not belong to is refused too.
        #expect(refusal(m.decide(approve(1, by: "rev-2", department: "430100"), reviewer: other, nowMs: 1)) == .forbidden)
        // The provincial department did not receive this submission.
        let provincial = ReviewerRecord(reviewerId: "rev-3", departmentId: "430000")
        #expect(refusal(m.decide(approve(1, by: "rev-3", department: "430000"), reviewer: provincial, nowMs: 1)) == .forbidden)
    }

    @Test func decide_onADecidedRevision_isAlreadyDecided() {
        var m = machine(certified: true)
        #expect(refusal(m.decide(approve(1), reviewer: reviewer, nowMs: 3_000)) == .alreadyDecided)
        #expect(refusal(m.decide(reject(1), reviewer: reviewer, nowMs: 3_000)) == .alreadyDecided)
    }

    @Test func decide_whenNeverSubmitted_isNotPending_andUnknownRevision_isRefused() {
        var empty = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        #expect(refusal(empty.decide(approve(1), reviewer: reviewer, nowMs: 1)) == .notPending)
        var m = machine()
        #expect(refusal(m.decide(approve(7), reviewer: reviewer, nowMs: 1)) == .unknownRevision)
    }

    @Test func decide_rejectWithEmptyReason_isValidationFailed() {
        var m = machine()
        #expect(refusal(m.decide(reject(1, reason: ""), reviewer: reviewer, nowMs: 1)) == .validationFailed)
        #expect(m.record.state == .pendingReview)
    }

    @Test func record_survivesItsHashFields() throws {
        var m = machine(certified: true)
        _ = m.submit(Fixtures.profile("inst-1", n: 2), licenseHolder: nil, phoneHolder: nil, nowMs: 3_000)
        _ = m.decide(reject(2), reviewer: reviewer, nowMs: 4_000)
        let fields = Dictionary(uniqueKeysWithValues: m.record.fields)
        #expect(fields["state"] == "certified")
        #expect(fields["version"] == "4")
        #expect(try InstitutionRecord(institutionId: "inst-1", fields: fields) == m.record)
        #expect(throws: StateError.self) { try InstitutionRecord(institutionId: "x", fields: ["version": "1", "pending": "{"]) }
    }
}

/// Issue 14, item 8: a rejected change leaves the certified data's department on the record.
@Suite struct CertificationRejectedChangeTests {
    @Test func rejectedChangeToAnotherDepartment_keepsTheCertifiedDepartment() throws {
        let changsha = ReviewerRecord(reviewerId: "rev-1", departmentId: "430100")
        let province = ReviewerRecord(reviewerId: "rev-p", departmentId: "430000")
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        _ = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000)
        _ = m.decide(CertificationDecisionRequest(institutionId: "inst-1", revision: 1, reviewerId: "rev-1", departmentId: "430100", verdict: .approve),
                     reviewer: changsha, nowMs: 2_000)
        _ = m.submit(Fixtures.profile("inst-1", n: 1, department: "430000"), licenseHolder: nil, phoneHolder: nil, nowMs: 3_000)
        #expect(m.record.departmentId == "430000", "the change is routed to the province while it is pending")
        let rejected = m.decide(CertificationDecisionRequest(institutionId: "inst-1", revision: 2, reviewerId: "rev-p", departmentId: "430000",
                                                             verdict: .reject(reason: "材料不全")), reviewer: province, nowMs: 4_000)
        guard case .applied(let t) = rejected else { Issue.record("refused: \(rejected)"); return }
        #expect(m.record.state == .certified)
        #expect(m.record.departmentId == "430100", "the certified data's department, not the rejected change's")
        #expect(t.after.fields.contains { $0 == ("departmentId", "430100") })
        let effects = CertificationEffects(keys: CertificationKeys(prefix: "vt")).commands(
            for: t, job: Job(envelope: Fixtures.envelope("j", type: "certification.decided", payload: [:]), queue: "certification", entryId: "1-0", attempt: 1),
            nowMs: 4_000)
        #expect(effects.contains { $0.arguments == ["ZREM", "vt:review:certification:430000", "inst-1"] }, "the change leaves the province's review set")
    }

    @Test func rejectedFirstSubmission_keepsItsOwnDepartment() {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        _ = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000)
        _ = m.decide(CertificationDecisionRequest(institutionId: "inst-1", revision: 1, reviewerId: "rev-1", departmentId: "430100",
                                                  verdict: .reject(reason: "材料不全")), reviewer: ReviewerRecord(reviewerId: "rev-1", departmentId: "430100"), nowMs: 2_000)
        #expect(m.record.state == .rejected && m.record.departmentId == "430100")
    }
}
