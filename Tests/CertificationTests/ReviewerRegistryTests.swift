import Certification
import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import WorkflowKernel

/// Reviewer registration and the inspector's views, against a real redis-server.
@Suite struct ReviewerRegistryTests {
    @Test func add_list_andRemove_reviewers() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let registry = ReviewerRegistry(keys: h.keys.reviewerKeys, connection: h.c)
        let added = try registry.add(reviewerId: "zhang", departmentId: "430100", name: " 张三 ", nowMs: 0)
        #expect(added == ReviewerRecord(reviewerId: "zhang", departmentId: "430100", name: "张三", active: true, addedAt: "1970-01-01T00:00:00.000Z"))
        try registry.add(reviewerId: "li", departmentId: "430000", name: nil, nowMs: 0)
        try registry.add(reviewerId: "zhang", departmentId: "430100", name: nil, nowMs: 5_000)
        #expect(try registry.reviewer("zhang")?.name == "张三", "re-adding keeps the name and the first addedAt")
        #expect(try registry.reviewer("zhang")?.addedAt == "1970-01-01T00:00:00.000Z")
        #expect(try registry.list().map(\.reviewerId) == ["li", "zhang"])
        #expect(try registry.list(departmentId: "430100").map(\.reviewerId) == ["zhang"])
        #expect(try registry.remove(reviewerId: "zhang"))
        #expect(try !registry.remove(reviewerId: "zhang"))
        #expect(try registry.list().map(\.reviewerId) == ["li"])
        #expect(try h.c.send("EXISTS", h.keys.reviewerKeys.reviewer("zhang")).int == 0)
    }

    @Test func add_refusesAnotherDepartment_anUnknownDepartment_andABadId() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let registry = ReviewerRegistry(keys: h.keys.reviewerKeys, connection: h.c)
        try registry.add(reviewerId: "zhang", departmentId: "430100", name: nil, nowMs: 0)
        func code(_ body: () throws -> Void) -> String? {
            do { try body() } catch let e as RegistryError { return e.code } catch { return "\(error)" }
            return nil
        }
        #expect(code { try registry.add(reviewerId: "zhang", departmentId: "430200", name: nil, nowMs: 0) } == "other_department")
        #expect(code { try registry.add(reviewerId: "wang", departmentId: "990000", name: nil, nowMs: 0) } == "department.unknown")
        #expect(code { try registry.add(reviewerId: "wang li", departmentId: "430100", name: nil, nowMs: 0) } == "invalid_reviewer_id")
        #expect(try registry.reviewer("zhang")?.departmentId == "430100")
    }

    @Test func inspector_listsPendingReviewsOldestFirst_andShowsHistory() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startWorker()
        defer { worker.stop(); worker.waitUntilStopped() }
        try h.addReviewer("rev-1")
        try h.submit("inst-old", n: 11)
        usleep(3_000) // distinct submitted times
        try h.submit("inst-new", n: 12, region: "430104")
        try h.submit("inst-elsewhere", n: 13, department: "430200", region: "430202")
        let inspector = CertificationInspector(keys: h.keys, connection: h.c)
        let now = wallClockMs() + 60_000
        let reviews = try inspector.pendingReviews(departmentId: "430100", nowMs: now)
        #expect(reviews.map(\.institutionId) == ["inst-old", "inst-new"])
        #expect(reviews.allSatisfy { $0.waitedMs >= 60_000 && $0.revision == 1 && !$0.isChange })
        #expect(reviews.last?.regionCode == "430104")

        try h.decide("inst-old", revision: 1, decision: "reject", reason: "材料不全")
        usleep(3_000)
        try h.submit("inst-old", n: 11)
        let view = try #require(try inspector.institution("inst-old"))
        #expect(view.record.state == .pendingReview)
        #expect(view.record.revision == 2)
        #expect(view.history.map(\.action) == ["submitted", "rejected", "submitted"])
        #expect(view.history[1].details["reason"] == "材料不全")
        #expect(try inspector.institution("nobody") == nil)
        #expect(try inspector.pendingReviews(departmentId: "430100", nowMs: now).map(\.institutionId) == ["inst-new", "inst-old"])
    }
}
