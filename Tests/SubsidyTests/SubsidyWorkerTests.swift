import ClassQueries
import Foundation
import JobQueue
import RedisClient
import Subsidy
import Testing
import TrainingDomain
import WorkflowKernel

/// The subsidy workflow in a worker against a real Redis: a claim's lines, every refusal, the
/// review rules of a decision, and grants that are never given twice.
@Suite struct SubsidyWorkerTests {
    typealias S = SubsidyHarness.Student
    static let a = SubsidyHarness.id(1), b = SubsidyHarness.id(3), c = SubsidyHarness.id(5), d = SubsidyHarness.id(7)

    /// Four students: a eligible, b failed, c of an ineligible type with too few hours, d eligible.
    static let students = [S(id: a), S(id: b, theory: 50), S(id: c, type: "企业职工", seconds: 3_600), S(id: d, type: "退役军人")]

    func harness() throws -> (SubsidyHarness, Worker) {
        let h = try SubsidyHarness()
        try h.certify("inst-1")
        try h.addReviewer("rev-1")
        try h.addReviewer("rev-sz", department: "430300")
        try h.closedClass("cls-1", students: Self.students)
        return (h, try h.startWorker())
    }

    @Test func claim_linesWithReasons_pendingReview_thenApprove_grantsTheEligible() throws {
        let (h, worker) = try harness()
        defer { worker.stop(); h.stop() }
        let claimed = try h.run(h.claimEnvelope("claim-1", classId: "cls-1"))
        #expect(claimed["outcome"] == "pending_review" && claimed["revision"] == "1" && claimed["eligibleCount"] == "2" && claimed["claimedAmount"] == "1600", "\(claimed)")
        let claim = try #require(try h.claim("claim-1"))
        #expect(claim.lines.map(\.idNumber) == [Self.a, Self.b, Self.c, Self.d])
        #expect(claim.lines.map(\.reasons) == [[], [.notPassed], [.hoursShort, .typeIneligible], []])
        #expect(try h.c.send("ZSCORE", h.keys.reviewSet("430100"), "claim-1").string != nil)
        #expect(try h.c.send("HGET", h.keys.certificates, "CERT-1").string == "claim-1")
        let inbox = try h.c.send("XLEN", h.env.keys.queue("notification")).int
        #expect(inbox == 1)

        let approved = try h.run(h.decideEnvelope("claim-1"))
        #expect(approved["outcome"] == "approved" && approved["grantedCount"] == "2" && approved["grantedAmount"] == "1600", "\(approved)")
        let decided = try #require(try h.claim("claim-1"))
        #expect(decided.status == .approved && decided.granted == [Self.a, Self.d] && decided.decided.by == "rev-1")
        #expect(try h.grants(Self.a).grant(occupation: "electrician", level: .junior)?.claimId == "claim-1")
        #expect(try h.grants(Self.a).count(in: 2026) == 1 && h.grants(Self.b).fields.isEmpty)
        #expect(try h.c.send("ZCARD", h.keys.reviewSet("430100")).int == 0)
        // The same decision again, and one naming the revision decided: nothing is granted twice.
        #expect(try h.run(h.decideEnvelope("claim-1"))["outcome"] == "already_decided")
        #expect(try h.grants(Self.a).count(in: 2026) == 1)
        let events = try h.c.send("XRANGE", h.env.keys.events, "-", "+").array ?? []
        let types = events.compactMap { $0.array?.last?.array?.last?.string }.compactMap { try? JSONValue.parse($0)["type"]?.stringValue }
        #expect(types == ["subsidy.pending", "subsidy.approved"])
        #expect(try h.c.send("XLEN", h.keys.audit("claim-1")).int == 2)
    }

    @Test func secondClaim_sharingStudents_findsThemSubsidized_forTheSameOccupationAndLevel() throws {
        let (h, worker) = try harness()
        defer { worker.stop(); h.stop() }
        try h.run(h.claimEnvelope("claim-1", classId: "cls-1"))
        try h.run(h.decideEnvelope("claim-1"))
        try h.closedClass("cls-2", certificate: "CERT-2", students: [S(id: Self.a), S(id: SubsidyHarness.id(9))])
        try h.closedClass("cls-3", level: .intermediate, certificate: "CERT-3", students: [S(id: Self.a)])
        let second = try h.run(h.claimEnvelope("claim-2", classId: "cls-2", certificate: "CERT-2"))
        #expect(second["outcome"] == "pending_review" && second["eligibleCount"] == "1")
        #expect(try h.claim("claim-2")?.lines.first?.reasons == [.alreadySubsidized])
        // Intermediate is another subsidy: granted, and the year's count is 2.
        try h.run(h.claimEnvelope("claim-3", classId: "cls-3", certificate: "CERT-3"))
        #expect(try h.run(h.decideEnvelope("claim-3"))["grantedAmount"] == "1200")
        #expect(try h.grants(Self.a).count(in: 2026) == 2 && h.grants(Self.a).grants.map(\.level) == [.junior, .intermediate])
    }

    @Test func claimRefusals_closeNothingAndLeaveNoClaim() throws {
        let (h, worker) = try harness()
        defer { worker.stop(); h.stop() }
        try h.certify("inst-2")
        try h.closedClass("cls-open", certificate: nil, students: Self.students)
        try h.closedClass("cls-2", institution: "inst-2", certificate: "CERT-2", students: [S(id: Self.a)])
        let cases: [(JobEnvelope, String)] = [
            (h.claimEnvelope("x-1", classId: "cls-404"), "unknown_class"),
            (h.claimEnvelope("x-2", classId: "cls-2", certificate: "CERT-2"), "forbidden"),
            (h.claimEnvelope("x-3", classId: "cls-1", department: "430300"), "forbidden"),
            (h.claimEnvelope("x-4", classId: "cls-open"), "not_closed"),
            (h.claimEnvelope("x-5", classId: "cls-1", certificate: "CERT-9"), "not_closed"),
            (h.claimEnvelope("x-6", classId: "cls-1", institution: "inst-none"), "forbidden"),
        ]
        for (envelope, code) in cases {
            let result = try h.run(envelope)
            #expect(result["status"] == "rejected" && result["outcome"] == code, "\(envelope.payload): \(result)")
        }
        #expect(try h.run(h.claimEnvelope("claim-1", classId: "cls-1"))["outcome"] == "pending_review")
        #expect(try h.run(h.claimEnvelope("claim-2", classId: "cls-1"))["outcome"] == "already_claimed")
        let duplicate = try h.run(h.claimEnvelope("claim-1", classId: "cls-1"))
        #expect(duplicate["outcome"] == "validation_failed" && duplicate["errors"]?.contains("claim.duplicate") == true)
        let bad = try h.run(h.envelope(SubsidyClaimPayload.type, ["claimId": "c 1", "classId": "cls-1"]))
        #expect(bad["outcome"] == "validation_failed" && bad["errors"]?.contains("payload.institutionId") == true)
        let keys = try h.c.send("KEYS", "\(h.env.prefix):subsidy:claim:*").array?.compactMap(\.string) ?? []
        #expect(keys == [h.keys.claim("claim-1")])
    }

    @Test func decisionRefusals_reviewerRules_partialStrangers_staleRevision() throws {
        let (h, worker) = try harness()
        defer { worker.stop(); h.stop() }
        try h.run(h.claimEnvelope("claim-1", classId: "cls-1"))
        #expect(try h.run(h.decideEnvelope("claim-1", reviewer: "rev-sz", department: "430300"))["outcome"] == "forbidden")
        #expect(try h.run(h.decideEnvelope("claim-1", reviewer: "rev-sz"))["outcome"] == "forbidden")
        #expect(try h.run(h.decideEnvelope("claim-1", reviewer: "rev-nobody"))["outcome"] == "forbidden")
        #expect(try h.run(h.decideEnvelope("claim-404"))["outcome"] == "not_pending")
        let unknown = try h.run(h.decideEnvelope("claim-1", revision: 2))
        #expect(unknown["outcome"] == "unknown_revision" && unknown["currentRevision"] == "1")
        let stranger = SubsidyHarness.id(11)
        let partial = try h.run(h.decideEnvelope("claim-1", verdict: .partial(students: [SubsidyStudentDecision(idNumber: stranger, approve: true)], reason: nil)))
        #expect(partial["outcome"] == "validation_failed" && partial["errors"]?.contains("student.not_on_claim") == true && partial["errors"]?.contains(stranger) == false)
        let noReason = try h.run(h.envelope(SubsidyDecisionPayload.type, ["claimId": "claim-1", "revision": 1, "reviewerId": "rev-1",
                                                                          "departmentId": "430100", "decision": "reject"]))
        #expect(noReason["outcome"] == "validation_failed" && noReason["errors"]?.contains("payload.reason") == true)
        #expect(try h.claim("claim-1")?.status == .pendingReview)

        // Partial: a approved, d refused, b (ineligible) approved: only a is granted.
        let verdict = SubsidyVerdict.partial(students: [.init(idNumber: Self.a, approve: true), .init(idNumber: Self.d, approve: false),
                                                        .init(idNumber: Self.b, approve: true)], reason: "退役军人材料待补")
        let decided = try h.run(h.decideEnvelope("claim-1", verdict: verdict))
        #expect(decided["outcome"] == "partially_approved" && decided["grantedCount"] == "1" && decided["grantedAmount"] == "800")
        #expect(try h.grants(Self.d).fields.isEmpty && h.grants(Self.b).fields.isEmpty)
        #expect(try h.run(h.decideEnvelope("claim-1", verdict: .reject(reason: "重复")))["outcome"] == "already_decided")
    }

    @Test func reject_grantsNothing_andTheYearsLimitHolds() throws {
        let (h, worker) = try harness()
        defer { worker.stop(); h.stop() }
        try h.run(h.claimEnvelope("claim-1", classId: "cls-1"))
        let rejected = try h.run(h.decideEnvelope("claim-1", verdict: .reject(reason: "材料不全")))
        #expect(try rejected["outcome"] == "declined" && rejected["grantedCount"] == "0" && h.grants(Self.a).fields.isEmpty)
        #expect(try h.claim("claim-1")?.decided.reason == "材料不全")
        // Three grants of other occupations in 2026 reach the shipped limit of 3: a's next line is yearly_limit.
        let earlier = PersonGrants.Grant(occupation: "welder", level: .junior, claimId: "old", classId: "old", institutionId: "inst-9",
                                         amount: 800, grantedAt: "2026-03-01T00:00:00Z", year: 2026)
        _ = try h.c.send("HSET", h.keys.granted(Self.d), "welder:junior", earlier.json.jsonString, "year:2026", "3").throwingServerError()
        try h.closedClass("cls-2", certificate: "CERT-2", students: [S(id: Self.d)])
        try h.run(h.claimEnvelope("claim-2", classId: "cls-2", certificate: "CERT-2"))
        #expect(try h.claim("claim-2")?.lines.first?.reasons == [.yearlyLimit])
        #expect(try h.run(h.decideEnvelope("claim-2"))["grantedCount"] == "0")
    }
}
