import ClassQueries
import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import ImportScan
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import TrainingDomain
import WorkflowKernel

/// The class messages against a real redis-server with a worker in this process, its clock on
/// 2026-11-29 12:00 China time.
@Suite struct ClassWorkerTests {
    static let startMs: Int64 = 1_795_924_800_000
    static let today = LocalDate(year: 2026, month: 11, day: 29)

    final class Harness: @unchecked Sendable {
        let env: QueueTestEnvironment
        let c: RedisConnection
        let worker: Worker
        private var counter = 0

        init(limits: ImportLimits = ImportLimits(), importDirectory: ImportDirectory? = nil) throws {
            env = try QueueTestEnvironment()
            c = try env.server.connect()
            worker = try Worker(configuration: env.configuration(concurrency: 2),
                                spec: ImportWorkflow.queueSpec(limits: limits, importDirectory: importDirectory),
                                clock: OffsetClock(offsetMs: ClassWorkerTests.startMs - SystemClock().nowMs()), logSink: .memory())
            try worker.start()
        }

        var keys: ImportKeys { ImportKeys(env.keys) }

        func stop() {
            worker.stop()
            worker.waitUntilStopped()
            env.stop()
        }

        @discardableResult
        func run(_ type: String, _ payload: JSONValue) throws -> [String: String] {
            counter += 1
            let envelope = JobEnvelope(id: "job-\(counter)", type: type, createdAt: "2026-11-29T04:00:00Z", producer: "test",
                                       traceId: "trace-\(counter)", payload: payload)
            try env.producer.enqueue(envelope, queue: "import", on: c)
            return try env.producer.waitForResult(of: envelope.id, timeoutMs: 20_000, on: c)
        }

        func create(_ classId: String, institution: String = "inst-1", occupation: String = "electrician", level: SkillLevel = .junior,
                    mode: TrainingMode = .onlineOffline) throws -> [String: String] {
            try run(ClassPayload.createdType, ClassCreateRequest(classId: classId, institutionId: institution, name: "班级\(classId)",
                                                                 occupation: occupation, level: level, plannedSize: 30, trainingMode: mode,
                                                                 location: mode == .online ? nil : "长沙市芙蓉区").json)
        }

        func publish(_ classId: String, institution: String = "inst-1") throws -> [String: String] {
            try run(ClassPayload.tasksPublishedType, TasksPublishedRequest(classId: classId, institutionId: institution).json)
        }

        func stream(_ key: String, field: String) throws -> [JSONValue] {
            try (c.send("XRANGE", key, "-", "+").array ?? []).compactMap { entry in
                try entry.array?.last?.fieldMap[field].map { try JSONValue.parse($0) }
            }
        }
    }

    @Test func createAndPublish_rulesStateNotificationsEventsAudit() throws {
        let h = try Harness()
        defer { h.stop() }
        let q = QualificationKeys(h.keys.queue)
        #expect(try h.create("class-1")["outcome"] == "not_certified")
        try DomainFixtures.certify("inst-1", keys: CertificationKeys(q.queue), on: h.c)
        #expect(try h.create("class-1")["outcome"] == "not_qualified")
        try DomainFixtures.qualify("inst-1", items: [ApplicationItem(occupation: "electrician", level: .junior),
                                                     ApplicationItem(occupation: "syb-entrepreneurship", level: .none, validUntil: Self.today.adding(days: -1)),
                                                     ApplicationItem(occupation: "hunan-cuisine", level: .none, validUntil: Self.today)],
                                   keys: q, on: h.c)
        try DomainFixtures.qualify("inst-1", items: [ApplicationItem(occupation: "elderly-caregiver", level: .intermediate)], status: .expired, keys: q, on: h.c)
        #expect(try h.create("class-x", occupation: "syb-entrepreneurship", level: .none)["outcome"] == "not_qualified", "past its last day")
        #expect(try h.create("class-x", occupation: "elderly-caregiver", level: .intermediate)["outcome"] == "not_qualified", "expired")
        #expect(try h.create("class-x", occupation: "electrician", level: .intermediate)["outcome"] == "not_qualified", "other level")
        #expect(try h.create("class-c", occupation: "hunan-cuisine", level: .none, mode: .online)["outcome"] == "class_created", "its last day")
        let invalid = try h.run(ClassPayload.createdType, ["classId": "class-1", "institutionId": "inst-1", "name": "电工班",
                                                           "occupation": "electrician", "level": "junior", "plannedSize": 30])
        #expect(invalid["status"] == "rejected" && invalid["outcome"] == "validation_failed" && invalid["errors"]?.contains("payload.location") == true)

        let created = try h.create("class-1")
        #expect(created["status"] == "done" && created["outcome"] == "class_created" && created["entity"] == "class-1")
        #expect(try h.create("class-1")["outcome"] == "class_exists")
        let hash = try h.c.send("HGETALL", h.keys.classRecord("class-1")).fieldMap
        #expect(hash["state"] == "open" && hash["version"] == "1" && hash["trainingMode"] == "online_offline" && hash["location"] == "长沙市芙蓉区")

        #expect(try h.publish("class-404")["outcome"] == "unknown_class")
        #expect(try h.publish("class-1", institution: "inst-2")["outcome"] == "forbidden")
        #expect(try h.create("class-off", mode: .offline)["outcome"] == "class_created")
        #expect(try h.publish("class-off")["outcome"] == "offline_class")
        let published = try h.publish("class-1")
        #expect(published["status"] == "done" && published["outcome"] == "tasks_published")
        #expect(try h.publish("class-1")["outcome"] == "no_new_courses", "publishing again is not refused")
        let locked = try h.c.send("HGETALL", h.keys.classRecord("class-1")).fieldMap
        #expect(locked["state"] == "locked" && locked["version"] == "2")

        let notifications = try h.stream(h.keys.notificationQueue, field: "job")
        #expect(notifications.compactMap { $0["payload"]?["template"]?.stringValue } == ["class.created", "class.created", "class.created", "class.locked"])
        #expect(notifications.last?["payload"]?["params"] == ["className": "班级class-1", "classId": "class-1", "requiredHours": "0"])
        #expect(try h.stream(h.keys.events, field: "event").compactMap { $0["type"]?.stringValue }
                == ["class.created", "class.created", "class.created", "class.locked"])
        #expect(try h.c.send("XLEN", h.keys.audit("class-1")).int == 2)
    }

    @Test func publishingAgain_addsCoursesOnce_sumsTheRequiredHours_andTellsTheInstitution() throws {
        let h = try Harness()
        defer { h.stop() }
        try DomainFixtures.certifyAndQualify("inst-1", keys: QualificationKeys(h.keys.queue), on: h.c)
        #expect(try h.create("class-1", mode: .online)["outcome"] == "class_created")
        func publish(_ courses: [Course]) throws -> [String: String] {
            try h.run(ClassPayload.tasksPublishedType, TasksPublishedRequest(classId: "class-1", institutionId: "inst-1", courses: courses).json)
        }
        let basics = Course(courseId: "c-1", name: "电工基础", hours: 16), safety = Course(courseId: "c-2", name: "安全用电", hours: 8)
        #expect(try publish([basics])["outcome"] == "tasks_published")
        #expect(try publish([basics, safety])["outcome"] == "courses_added")
        let repeated = try publish([basics])
        #expect(repeated["status"] == "done" && repeated["outcome"] == "no_new_courses")
        let hash = try h.c.send("HGETALL", h.keys.classRecord("class-1")).fieldMap
        #expect(hash["state"] == "locked" && hash["requiredHours"] == "24" && hash["version"] == "3")
        #expect(try ClassRecord(classId: "class-1", fields: hash)?.courses == [basics, safety])
        let templates = try h.stream(h.keys.notificationQueue, field: "job").compactMap { $0["payload"]?["template"]?.stringValue }
        #expect(templates == ["class.created", "class.locked", "class.coursesAdded"])
        let events = try h.stream(h.keys.events, field: "event")
        #expect(events.compactMap { $0["type"]?.stringValue } == ["class.created", "class.locked", "class.coursesAdded"])
        #expect(events.last?["payload"]?["requiredHours"] == 24)
        #expect(try h.c.send("XLEN", h.keys.audit("class-1")).int == 3)
        #expect(try h.run(ImportPayload.type, ImportRequest(importId: "imp-late", institutionId: "inst-1", classId: "class-1",
                                                            source: .redisKey("nowhere"), format: "csv").json)["outcome"] == "roster_locked")
    }
}
