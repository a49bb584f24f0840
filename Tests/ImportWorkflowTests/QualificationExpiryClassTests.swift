import ClassQueries
import DomainFixtures
import ImportScan
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import Testing
import TrainingDomain

/// Issue 14, item 7: when a qualification item expires, its classes that are still open may no
/// longer take students or publish course tasks (`not_qualified`); locked classes finish; the
/// expiry notice lists the open classes.
@Suite struct QualificationExpiryClassTests {
    static let syb = ApplicationItem(occupation: "syb-entrepreneurship", level: .none, validUntil: ClassWorkerTests.today.adding(days: 30))

    /// inst-1 qualified for SYB until today + 30, with an open class `c-open` and a locked `c-locked` of it.
    func harness() throws -> ClassWorkerTests.Harness {
        let h = try ImportWorkerTests.open()
        let q = QualificationKeys(h.keys.queue)
        try DomainFixtures.qualify("inst-1", items: [Self.syb], keys: q, on: h.c)
        for id in ["c-open", "c-locked"] {
            #expect(try h.create(id, occupation: "syb-entrepreneurship", level: .none)["outcome"] == "class_created")
        }
        #expect(try h.publish("c-locked")["outcome"] == "tasks_published")
        return h
    }

    @Test func expiredItem_stopsItsOpenClasses_fromImportingAndPublishing_whileLockedOnesFinish() throws {
        let h = try harness()
        defer { h.stop() }
        try DomainFixtures.qualify("inst-1", items: [Self.syb], status: .expired, keys: QualificationKeys(h.keys.queue), on: h.c)
        try ImportWorkerTests.upload(h, "upload:1", ImportWorkerTests.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n")
        let imported = try ImportWorkerTests.importFile(h, "imp-1", key: "upload:1", classId: "c-open")
        #expect(imported["status"] == "rejected" && imported["outcome"] == "not_qualified")
        #expect(imported["message"]?.contains("syb-entrepreneurship/none") == true)
        let published = try h.publish("c-open")
        #expect(published["status"] == "rejected" && published["outcome"] == "not_qualified")
        #expect(try ImportWorkerTests.importFile(h, "imp-2", key: "upload:1", classId: "c-locked")["outcome"] == "roster_locked")
        #expect(try ImportWorkerTests.importFile(h, "imp-3", key: "upload:1", classId: "class-1")["outcome"] == "imported",
                "another item's class is untouched")
    }

    @Test func expiryNotice_listsTheOpenClassesOfTheItem_only() throws {
        let h = try harness()
        defer { h.stop() }
        let q = QualificationKeys(h.keys.queue)
        let until = try #require(Self.syb.validUntil)
        let expire = try #require(ExpiryStep.steps(institutionId: "inst-1", key: Self.syb.key, validUntil: until, reminderDays: []).first { $0.kind == .expire })
        _ = try h.c.send("ZADD", q.due, String(expire.dueMs), expire.member).throwingServerError()
        let report = try ExpirySweeper(keys: q).sweep(on: h.c, nowMs: expire.dueMs)
        #expect(report.announced == 1)
        let jobs = try h.stream(h.keys.notificationQueue, field: "job").filter { $0["payload"]?["template"]?.stringValue == "qualification.expired" }
        let body = try #require(jobs.first?["payload"]?["params"]?["body"]?.stringValue)
        #expect(body.contains("“班级c-open”（c-open）不能再添加学员或发布课程任务"))
        #expect(!body.contains("c-locked") && !body.contains("class-1"))
        let events = try h.stream(h.keys.queue.events, field: "event").filter { $0["type"]?.stringValue == "qualification.expired" }
        #expect(events.first?["payload"]?["openClasses"] == [["classId": "c-open", "name": "班级c-open"]])
        #expect(try h.create("c-late", occupation: "syb-entrepreneurship", level: .none)["outcome"] == "not_qualified")
    }
}
