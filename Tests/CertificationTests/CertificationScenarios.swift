import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import Testing
import WorkflowKernel

/// The workflow's paths, driven through the queue as the platform and vtctl drive it. Run against
/// in-process workers and against the real `certification-worker` executable.
enum CertificationScenarios {
    /// submit → pending (result, state, review set, audit, notification, event) → approve → certified.
    static func submitThenApprove(_ h: CertificationHarness) throws {
        try h.addReviewer("rev-1")
        let before = wallClockMs()
        let submitted = try h.submit("inst-a", n: 101, jobId: "submit-a")
        #expect(submitted["status"] == "done")
        #expect(submitted["outcome"] == "pending_review")
        #expect(submitted["revision"] == "1")
        #expect(submitted["entity"] == "inst-a")
        #expect(submitted["traceId"] == "trace-submit-a")
        var state = try h.institution("inst-a")
        #expect(state["state"] == "pending_review")
        #expect(state["revision"] == "1")
        #expect(state["departmentId"] == "430100")
        #expect(try h.reviewSet("430100") == ["inst-a"])
        let score = try h.c.send("ZSCORE", h.keys.reviewSet("430100"), "inst-a").string.flatMap { Double($0) } ?? 0
        #expect(Int64(score) >= before - 1_000 && Int64(score) <= wallClockMs() + 1_000)
        #expect(try h.c.send("HGET", h.keys.licenseIndex, DomainFixtures.license(101)).string == "inst-a")
        #expect(try h.c.send("HGET", h.keys.phoneIndex, DomainFixtures.phone(101)).string == "inst-a")
        var audit = try h.audit("inst-a")
        #expect(audit.map(\.action) == ["submitted"])
        #expect(audit.first?.jobId == "submit-a")
        #expect(audit.first?.producer == "tests")
        var notifications = try h.notifications().filter { $0.payload["institutionId"] == "inst-a" }
        #expect(notifications.map(\.id) == ["notif-submit-a"])
        #expect(notifications.first?.payload["template"] == "certification.submitted")
        #expect(notifications.first?.payload["params"]?["institutionName"] == "长沙市芙蓉区某某职业培训学校")
        var events = try h.events().filter { $0["payload"]?["institutionId"] == "inst-a" }
        #expect(events.compactMap { $0["type"]?.stringValue } == ["certification.pending"])
        #expect(events.first?["jobId"] == "submit-a")
        #expect(events.first?["traceId"] == "trace-submit-a")
        #expect(events.first?["payload"]?["revision"] == 1)

        let approved = try h.run(h.decideEnvelope("inst-a", revision: 1, jobId: "approve-a"))
        #expect(approved["status"] == "done")
        #expect(approved["outcome"] == "approved")
        #expect(approved["state"] == "certified")
        state = try h.institution("inst-a")
        #expect(state["state"] == "certified")
        #expect(state["certifiedRevision"] == "1")
        #expect(state["decidedBy"] == "rev-1")
        #expect(state["pending"] == nil)
        #expect(try h.reviewSet("430100").isEmpty)
        audit = try h.audit("inst-a")
        #expect(audit.map(\.action) == ["submitted", "approved"])
        #expect(audit.last?.actor == "reviewer:rev-1")
        #expect(audit.last?.jobId == "approve-a")
        notifications = try h.notifications().filter { $0.payload["institutionId"] == "inst-a" }
        #expect(notifications.map(\.id) == ["notif-submit-a", "notif-approve-a"])
        #expect(notifications.last?.payload["template"] == "certification.approved")
        events = try h.events().filter { $0["payload"]?["institutionId"] == "inst-a" }
        #expect(events.compactMap { $0["type"]?.stringValue } == ["certification.pending", "certification.approved"])
    }

    /// Every refusal: forbidden, stale_revision, already_decided, not_pending, unknown_revision,
    /// duplicate_license, phone_in_use, validation_failed. Refusals write nothing but their result.
    static func refusals(_ h: CertificationHarness) throws {
        try h.addReviewer("rev-1")
        try h.addReviewer("rev-2", department: "430200")
        try h.submit("inst-r", n: 201)

        func expectRejected(_ r: [String: String], _ outcome: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(r["status"] == "rejected", sourceLocation: sourceLocation)
            #expect(r["outcome"] == outcome, "\(r)", sourceLocation: sourceLocation)
        }
        expectRejected(try h.decide("inst-r", revision: 1, reviewer: "ghost"), "forbidden")
        expectRejected(try h.decide("inst-r", revision: 1, reviewer: "rev-2", department: "430200"), "forbidden")
        expectRejected(try h.decide("inst-r", revision: 1, reviewer: "rev-2", department: "430100"), "forbidden")
        #expect(try h.institution("inst-r")["state"] == "pending_review")

        #expect(try h.submit("inst-r", n: 202)["revision"] == "2")
        let stale = try h.decide("inst-r", revision: 1)
        expectRejected(stale, "stale_revision")
        #expect(stale["currentRevision"] == "2")
        expectRejected(try h.decide("inst-r", revision: 3), "unknown_revision")
        let declined = try h.decide("inst-r", revision: 2, decision: "reject", reason: "办学许可证号与证件不符")
        #expect(declined["outcome"] == "declined")
        #expect(try h.institution("inst-r")["state"] == "rejected")
        #expect(try h.notifications().last?.payload["params"]?["reason"] == "办学许可证号与证件不符")
        expectRejected(try h.decide("inst-r", revision: 2), "already_decided")
        expectRejected(try h.decide("inst-never", revision: 1), "not_pending")
        #expect(try h.audit("inst-r").map(\.action) == ["submitted", "submitted", "rejected"])

        try h.submit("inst-b", n: 301)
        var copy = DomainFixtures.submission("inst-c", n: 302)
        copy["licenseNumber"] = .string(DomainFixtures.license(301))
        let duplicate = try h.run(h.submitEnvelope(copy))
        expectRejected(duplicate, "duplicate_license")
        #expect(duplicate["errors"]?.contains("payload.licenseNumber") == true)
        copy = DomainFixtures.submission("inst-c", n: 303)
        copy["contactPhone"] = .string(DomainFixtures.phone(301))
        expectRejected(try h.run(h.submitEnvelope(copy)), "phone_in_use")
        #expect(try h.institution("inst-c").isEmpty)
        #expect(try h.c.send("HGET", h.keys.licenseIndex, DomainFixtures.license(303)).isNull)

        copy = DomainFixtures.submission("inst-c", n: 304)
        copy["licenseNumber"] = "91430100MA4L000000"
        copy["contactPhone"] = "12345"
        let invalid = try h.run(h.submitEnvelope(copy))
        expectRejected(invalid, "validation_failed")
        let errors = try JSONValue.parse(invalid["errors"] ?? "[]").arrayValue ?? []
        #expect(Set(errors.compactMap { $0["field"]?.stringValue }) == ["payload.licenseNumber", "payload.contactPhone"])
        #expect(errors.contains { $0["code"] == "uscc.checksum" })
        #expect(errors.contains { $0["code"] == "phone.format" })
        let noReason = try h.decide("inst-b", revision: 1, decision: "reject")
        expectRejected(noReason, "validation_failed")
        #expect(noReason["errors"]?.contains("payload.reason") == true)
        #expect(try h.institution("inst-c").isEmpty)
        #expect(try h.institution("inst-b")["state"] == "pending_review")
    }

    /// Two opposite decisions on one revision enqueued at once, `rounds` times on fresh
    /// institutions: exactly one wins each time; the other finds it `already_decided`.
    static func racingDecisions(_ h: CertificationHarness, rounds: Int = 30) throws {
        try h.addReviewer("rev-1")
        var winners: [String: Int] = [:]
        for i in 0..<rounds {
            let id = "inst-race-\(i)"
            #expect(try h.submit(id, n: 1_000 + i)["outcome"] == "pending_review")
            let approve = h.decideEnvelope(id, revision: 1, jobId: "race-\(i)-approve")
            let reject = h.decideEnvelope(id, revision: 1, decision: "reject", reason: "材料不全", jobId: "race-\(i)-reject")
            _ = try h.c.pipeline([h.producer.enqueueCommand(approve, queue: "certification"),
                                  h.producer.enqueueCommand(reject, queue: "certification")])
            let a = try h.producer.waitForResult(of: approve.id, timeoutMs: 20_000, on: h.c)
            let r = try h.producer.waitForResult(of: reject.id, timeoutMs: 20_000, on: h.c)
            let outcomes = [a["outcome"] ?? "none", r["outcome"] ?? "none"]
            let won = outcomes.filter { $0 == "approved" || $0 == "declined" }
            #expect(won.count == 1, "round \(i): \(outcomes)")
            #expect(outcomes.filter { $0 == "already_decided" }.count == 1, "round \(i): \(outcomes)")
            winners[won.first ?? "none", default: 0] += 1
            let audit = try h.audit(id)
            #expect(audit.count == 2, "round \(i): \(audit.map(\.action))")
            let state = try h.institution(id)
            #expect(state["state"] == (won.first == "approved" ? "certified" : "rejected"))
            #expect(try h.notifications().filter { $0.payload["institutionId"] == .string(id) }.count == 2)
        }
        #expect(winners.values.reduce(0, +) == rounds)
    }
}

/// Wall-clock milliseconds.
func wallClockMs() -> Int64 { SystemClock().nowMs() }
