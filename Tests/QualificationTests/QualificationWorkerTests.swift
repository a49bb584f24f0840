import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import TrainingDomain
import WorkflowKernel

/// The workflow against a real redis-server with workers in this process.
@Suite struct QualificationWorkerTests {
    @Test func applyApprovePartialReject_stateReviewSetAuditNotificationsEvents() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        let worker = try h.startWorker()
        defer { worker.stop(); worker.waitUntilStopped() }
        try h.certify("inst-1")
        try h.addReviewer("rev-1")
        #expect(try h.apply("app-0", institution: "inst-x", items: [Q.electrician])["outcome"] == "not_certified")
        #expect(try h.apply("app-0", institution: "inst-1", department: "430200", items: [Q.electrician])["outcome"] == "forbidden")
        let invalid = try h.run(QualificationHarness.envelope("bad-1", type: ApplicationPayload.type, payload: [
            "applicationId": "app-0", "institutionId": "inst-1", "departmentId": "430100",
            "items": [["occupation": "electrician", "level": "junior"], ["occupation": "electrician", "level": "expert"]]]))
        #expect(invalid["outcome"] == "validation_failed" && invalid["errors"]?.contains("payload.items[1].level") == true)

        let first = try h.apply("app-1", institution: "inst-1", items: [Q.electrician, Q.caregiver, Q.syb(Q.date(400))])
        #expect(first["outcome"] == "pending_review" && first["revision"] == "1")
        #expect(try h.reviewSet("430100") == ["app-1"])
        #expect(try h.decide("app-1", revision: 1, reviewer: "rev-9")["outcome"] == "forbidden")
        let partial = try h.decide("app-1", revision: 1, verdict: .partial(items: [
            .init(key: Q.electrician.key, approve: true), .init(key: Q.caregiver.key, approve: false, reason: "场地不足"),
            .init(key: Q.syb(Q.date(400)).key, approve: true)], reason: nil))
        #expect(partial["outcome"] == "partially_approved")
        #expect(try h.reviewSet("430100").isEmpty)
        #expect(try h.decide("app-1", revision: 1)["outcome"] == "already_decided")
        let record = try h.record("inst-1")
        #expect(record.activeItems(on: Q.today).map(\.key) == [Q.electrician.key, Q.syb(Q.date(400)).key].sorted())
        #expect(try h.due().count == 4, "three reminders and the expiry of the time-limited item")
        #expect(try QualificationInspector.isActive(institutionId: "inst-1", occupation: "electrician", level: .junior, on: Q.today, keys: h.keys, connection: h.c))

        #expect(try h.apply("app-2", institution: "inst-1", items: [Q.caregiver])["outcome"] == "missing_approved_items")
        #expect(try h.apply("app-2", institution: "inst-1", items: [Q.caregiver, Q.electrician, Q.syb(Q.date(400))])["revision"] == "2")
        #expect(try h.apply("app-3", institution: "inst-1", items: [Q.caregiver, Q.electrician, Q.syb(Q.date(400))])["revision"] == "3")
        #expect(try h.reviewSet("430100") == ["app-3"])
        #expect(try h.decide("app-2", revision: 2)["outcome"] == "stale_revision")
        #expect(try h.decide("app-3", revision: 3, verdict: .reject(reason: "材料不全"))["outcome"] == "declined")
        #expect(try h.decide("app-404", revision: 1)["outcome"] == "not_pending")

        let templates = try h.notifications().map { $0.payload["template"]?.stringValue ?? "" }
        #expect(templates == ["qualification.submitted", "qualification.partially_approved", "qualification.submitted",
                              "qualification.submitted", "qualification.rejected"])
        #expect(try h.notifications()[1].payload["params"]?["body"]?.stringValue?.contains("电工") == true)
        #expect(try h.events()[1]["payload"]?["rejectedItems"]?.arrayValue?.first?["reason"]?.stringValue == "场地不足")
        #expect(try h.events().compactMap { $0["type"]?.stringValue } == ["qualification.pending", "qualification.partially_approved",
                                                                          "qualification.pending", "qualification.pending", "qualification.rejected"])
        let audit = try h.c.send("XLEN", h.keys.audit("inst-1")).int
        #expect(audit == 5)
    }

    @Test func twoWorkersRacingOpposingDecisions_exactlyOneWinsEachTime() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        let a = try h.startWorker(concurrency: 1, fetchCount: 1)
        let b = try h.startWorker(concurrency: 1, fetchCount: 1)
        defer { a.stop(); b.stop(); a.waitUntilStopped(); b.waitUntilStopped() }
        try h.addReviewer("rev-1")
        for i in 0..<20 {
            let id = "race-\(i)"
            try h.certify(id)
            #expect(try h.apply("app-\(id)", institution: id, items: [Q.electrician])["outcome"] == "pending_review")
            let approve = h.decideEnvelope("app-\(id)", revision: 1)
            let reject = h.decideEnvelope("app-\(id)", revision: 1, verdict: .reject(reason: "不符合条件"))
            _ = try h.c.pipeline([h.producer.enqueueCommand(approve, queue: "qualification"), h.producer.enqueueCommand(reject, queue: "qualification")])
            let outcomes = [try h.producer.waitForResult(of: approve.id, timeoutMs: 20_000, on: h.c)["outcome"],
                            try h.producer.waitForResult(of: reject.id, timeoutMs: 20_000, on: h.c)["outcome"]]
            #expect(outcomes.filter { $0 == "approved" || $0 == "declined" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "already_decided" }.count == 1, "\(outcomes)")
            let state = try h.record(id)
            #expect(state.decided.outcome == (outcomes.contains("approved") ? "approved" : "declined"))
        }
    }
}
