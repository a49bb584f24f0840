import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import JobQueue
import QualificationQueries
import RedisClient
import Testing
import WorkflowKernel

/// The writes a transition turns into.
@Suite struct CertificationEffectsTests {
    let effects = CertificationEffects(keys: CertificationKeys(prefix: "vt"))
    let reviewer = ReviewerRecord(reviewerId: "rev-1", departmentId: "430100")

    func job(_ id: String) -> Job {
        Job(envelope: Fixtures.envelope(id, type: "certification.submitted", payload: [:]), queue: "certification", entryId: "1-0", attempt: 1)
    }

    func commands(_ d: CertificationDecision, job id: String = "job-1") -> [String] {
        guard case .applied(let t) = d else { return [] }
        return effects.commands(for: t, job: job(id), nowMs: 9_000).map { $0.arguments.prefix(4).joined(separator: " ") }
    }

    @Test func submission_claimsIndexes_entersTheReviewSet_audits_notifies_andEmits() {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        let c = commands(m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000))
        #expect(c == ["DEL vt:institution:inst-1", "HSET vt:institution:inst-1 institutionId inst-1",
                      "HSET vt:index:license \(DomainFixtures.license(1)) inst-1", "HSET vt:index:phone 13900000001 inst-1",
                      "ZADD vt:review:certification:430100 1000 inst-1", "XADD vt:audit:institution:inst-1 * action",
                      "XADD vt:queue:notification * job", "XADD vt:events MAXLEN ~"])
    }

    @Test func supersedingToAnotherDepartment_movesTheReview_andReleasesTheOldNumbers() {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        _ = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000)
        let c = commands(m.submit(Fixtures.profile("inst-1", n: 2, department: "430000"), licenseHolder: nil, phoneHolder: nil, nowMs: 2_000))
        #expect(c.contains("HDEL vt:index:license \(DomainFixtures.license(1))"))
        #expect(c.contains("HSET vt:index:license \(DomainFixtures.license(2)) inst-1"))
        #expect(c.contains("ZREM vt:review:certification:430100 inst-1"))
        #expect(c.contains("ZADD vt:review:certification:430000 2000 inst-1"))
    }

    @Test func decision_leavesTheReviewSet_andApprovalKeepsTheIndexes() {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        _ = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000)
        let c = commands(m.decide(CertificationDecisionRequest(institutionId: "inst-1", revision: 1, reviewerId: "rev-1", departmentId: "430100",
                                                  verdict: .approve), reviewer: reviewer, nowMs: 2_000))
        #expect(c.contains("ZREM vt:review:certification:430100 inst-1"))
        #expect(!c.contains { $0.hasPrefix("HDEL") || $0.hasPrefix("HSET vt:index") })
    }

    @Test func notificationJob_isAFullEnvelope_withAStableIdWithinTheContractLimit() throws {
        var m = CertificationMachine(record: InstitutionRecord(institutionId: "inst-1"))
        guard case .applied(let t) = m.submit(Fixtures.profile("inst-1", n: 1), licenseHolder: nil, phoneHolder: nil, nowMs: 1_000) else {
            Issue.record("not applied")
            return
        }
        let longId = String(repeating: "j", count: 64)
        let xadd = try #require(effects.commands(for: t, job: job(longId), nowMs: 9_000).first { $0.arguments.contains("vt:queue:notification") })
        let envelope = try JobEnvelope.decode(Array(xadd.arguments[4].utf8))
        #expect(envelope.type == "notification.requested")
        #expect(envelope.id.count <= 64)
        #expect(envelope.id == NotificationRequest.notificationId(forJob: longId))
        #expect(envelope.payload["notificationId"]?.stringValue == envelope.id)
        #expect(envelope.payload["template"] == "certification.submitted")
        #expect(NotificationRequest.notificationId(forJob: "abc") == "notif-abc")
    }
}
