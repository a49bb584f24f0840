import ClassQueries
import ECertificate
import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing
import Training
import TrainingDomain
import TrainingQueries
import WorkflowKernel

/// The training workflow against a real redis-server, with a worker in this process.
@Suite struct TrainingWorkerTests {
    static let signingKey = try! CertificateSigningKey.generate()

    final class Harness: @unchecked Sendable {
        // @unchecked: owned by one test.
        let env: QueueTestEnvironment
        let c: RedisConnection
        var workers: [Worker] = []
        private var counter = 0

        init(workers count: Int = 1, concurrency: Int = 2) throws {
            env = try QueueTestEnvironment()
            c = try env.server.connect()
            for _ in 0..<count {
                let worker = try Worker(configuration: env.configuration(concurrency: concurrency), spec: TrainingWorkflow.queueSpec(signingKey: TrainingWorkerTests.signingKey),
                                        clock: OffsetClock(offsetMs: 1_795_924_800_000 - SystemClock().nowMs()), logSink: .memory())
                try worker.start()
                workers.append(worker)
            }
        }

        var keys: TrainingKeys { TrainingKeys(env.keys) }

        func stop() {
            for w in workers { w.stop() }
            for w in workers { w.waitUntilStopped() }
            env.stop()
        }

        func envelope(_ type: String, _ payload: JSONValue, id: String? = nil) -> JobEnvelope {
            counter += 1
            return JobEnvelope(id: id ?? "job-\(counter)", type: type, createdAt: "2026-11-29T04:00:00Z", producer: "test", payload: payload)
        }

        @discardableResult
        func run(_ type: String, _ payload: JSONValue, id: String? = nil) throws -> [String: String] {
            let e = envelope(type, payload, id: id)
            try env.producer.enqueue(e, queue: "training", on: c)
            return try env.producer.waitForResult(of: e.id, timeoutMs: 20_000, on: c)
        }

        func learning(_ recordId: String, student: String, seconds: Int = 600, classId: String = "class-1", id: String? = nil) throws -> [String: String] {
            try run(LearningPayload.type, LearningRecordRequest(recordId: recordId, classId: classId, idNumber: student, courseId: "c-1",
                                                                seconds: seconds, occurredAt: "2026-11-29T08:00:00+08:00").json, id: id)
        }

        func hours(_ classId: String = "class-1") throws -> [String: String] { try c.send("HGETALL", keys.hours(classId)).fieldMap }
    }

    static let a = TrainingFixtures.id(1), b = TrainingFixtures.id(2), outsider = TrainingFixtures.id(3)

    @Test func learningRecord_isCountedOnce_perRecordId_whateverTheJobIds() throws {
        let h = try Harness()
        defer { h.stop() }
        try TrainingFixtures.makeClass("class-1", students: [Self.a, Self.b], keys: h.env.keys, on: h.c)
        let first = try h.learning("rec-1", student: Self.a, seconds: 1_800)
        #expect(first["status"] == "done" && first["outcome"] == "recorded" && first["entity"] == "class-1" && first["recordId"] == "rec-1")
        #expect(first["message"]?.contains(Self.a) == false)
        let again = try h.learning("rec-1", student: Self.a, seconds: 1_800)
        #expect(again["status"] == "done" && again["outcome"] == "already_counted")
        let sneaky = try h.learning("rec-1", student: Self.b, seconds: 9_000)
        #expect(sneaky["outcome"] == "already_counted", "a record id counts once, whatever else the copy says")
        #expect(try h.learning("rec-2", student: Self.a, seconds: 60)["outcome"] == "recorded")
        #expect(try h.hours() == [Self.a: "1860"])
        let claim = try JSONValue.parse(try #require(h.c.send("HGET", h.keys.records("class-1"), "rec-1").string))
        #expect(claim["jobId"] == .string("job-1") && claim["seconds"] == 1_800 && claim["idNumber"] == .string(Self.a))
        // The same job delivered again: its result stays, nothing is counted.
        try h.env.producer.enqueue(h.envelope(LearningPayload.type, LearningRecordRequest(recordId: "rec-3", classId: "class-1", idNumber: Self.b,
            courseId: "c-1", seconds: 30, occurredAt: "2026-11-29T08:00:00Z").json, id: "job-1"), queue: "training", on: h.c)
        #expect(eventually { h.workers[0].metrics.value("duplicates") == 1 })
        #expect(try h.hours() == [Self.a: "1860"] && h.c.send("HEXISTS", h.keys.records("class-1"), "rec-3").int == 0)
        // Nothing of a learning record reaches the notification queue or the events.
        #expect(try h.c.send("EXISTS", h.keys.notificationQueue, h.keys.events).int == 0)
    }

    @Test func learningRecord_refusals_unknownClass_notEnrolled_closed_andBadSeconds() throws {
        let h = try Harness()
        defer { h.stop() }
        try TrainingFixtures.makeClass("class-1", students: [Self.a], keys: h.env.keys, on: h.c)
        let unknown = try h.learning("rec-1", student: Self.a, classId: "class-404")
        #expect(unknown["status"] == "rejected" && unknown["outcome"] == "unknown_class")
        let outsider = try h.learning("rec-2", student: Self.outsider)
        #expect(outsider["status"] == "rejected" && outsider["outcome"] == "not_enrolled")
        for (seconds, name) in [(-60, "negative"), (86_401, "more than a day"), (0, "zero")] {
            let bad = try h.learning("rec-\(name)", student: Self.a, seconds: seconds)
            #expect(bad["status"] == "rejected" && bad["outcome"] == "validation_failed" && bad["errors"]?.contains("payload.seconds") == true, "\(name)")
        }
        #expect(try h.learning("rec-3", student: Self.a, seconds: 86_400)["outcome"] == "recorded")
        try TrainingFixtures.close("class-1", keys: h.env.keys, on: h.c)
        let late = try h.learning("rec-4", student: Self.a)
        #expect(late["status"] == "done" && late["outcome"] == "not_counted")
        #expect(try h.hours() == [Self.a: "86400"])
        #expect(try h.c.send("HLEN", h.keys.records("class-1")).int == 1)
    }

    @Test func studentAddedAfterARefusal_isCountedOnTheNextRecord_andRosterChangesAreGuarded() throws {
        let h = try Harness()
        defer { h.stop() }
        try TrainingFixtures.makeClass("class-1", state: .open, students: [Self.a], keys: h.env.keys, on: h.c)
        #expect(try h.learning("rec-1", student: Self.b)["outcome"] == "not_enrolled")
        try TrainingFixtures.enroll([Self.b], classId: "class-1", keys: h.env.keys, on: h.c)
        #expect(try h.learning("rec-1", student: Self.b)["outcome"] == "recorded", "the refusal claimed nothing")
        #expect(try h.hours() == [Self.b: "600"])
        let lookup = TrainingQuery.learningTime(classId: "class-1", idNumber: Self.b, keys: h.env.keys)
        let time = try lookup.answer(h.c.send(lookup.command))
        #expect(time.seconds == 600 && time.hasLearningRecords && time.pin == Guard(key: h.keys.hours("class-1"), field: Self.b, expected: "600"))
        let none = try TrainingQuery.learningTime(classId: "class-1", idNumber: Self.a, keys: h.env.keys).answer(h.c.send(
            TrainingQuery.learningTime(classId: "class-1", idNumber: Self.a, keys: h.env.keys).command))
        #expect(!none.hasLearningRecords && none.pin.expected == "")
    }

    @Test func manyRecordsWithCopies_onTwoWorkers_sumToTheDistinctRecords() throws {
        let h = try Harness(workers: 2, concurrency: 4)
        defer { h.stop() }
        let students = (1...20).map(TrainingFixtures.id)
        try TrainingFixtures.makeClass("class-1", students: students, keys: h.env.keys, on: h.c)
        // 600 distinct records, each sent 1 to 3 times under different job ids, shuffled.
        var expected: [String: Int] = [:]
        var commands: [RedisCommand] = []
        var n = 0
        for r in 0..<600 {
            let student = students[r % students.count], seconds = 30 + r
            expected[student, default: 0] += seconds
            for _ in 0...(r % 3) {
                n += 1
                let payload = LearningRecordRequest(recordId: "rec-\(r)", classId: "class-1", idNumber: student, courseId: "c-1", seconds: seconds,
                                                    occurredAt: "2026-11-29T08:00:00Z").json
                commands.append(h.env.producer.enqueueCommand(h.envelope(LearningPayload.type, payload, id: "copy-\(n)"), queue: "training"))
            }
        }
        _ = try h.c.pipeline(commands.shuffled())
        #expect(eventually { try h.env.pendingCount(queue: "training", on: h.c) == 0 && h.c.send("XLEN", h.env.keys.queue("training")).int == 0 })
        #expect(try h.hours() == expected.mapValues(String.init))
        #expect(try h.c.send("HLEN", h.keys.records("class-1")).int == 600)
        let outcomes = try h.c.pipeline((1...n).map { RedisCommand("HGET", h.env.keys.result("copy-\($0)"), "outcome") }).map { $0.string ?? "none" }
        #expect(Dictionary(grouping: outcomes, by: { $0 }).mapValues(\.count) == ["recorded": 600, "already_counted": n - 600])
        // The workers count a claim taken once they have read the script's answer (after the stream is empty).
        #expect(eventually { h.workers.reduce(0) { $0 + $1.metrics.value("claims_taken") } == n - 600 })
    }

    @Test func scores_recordedChangedAndLockedOnceClosed_withNotificationEventAndAudit() throws {
        let h = try Harness()
        defer { h.stop() }
        try TrainingFixtures.makeClass("class-1", students: [Self.a, Self.b], keys: h.env.keys, on: h.c)
        func scores(_ entries: [(String, Double, Double)], institution: String = "inst-1", classId: String = "class-1") throws -> [String: String] {
            try h.run(ScoresPayload.type, ["classId": .string(classId), "institutionId": .string(institution), "scores": .array(entries.map {
                ["idNumber": .string($0.0), "theory": .number($0.1), "practical": .number($0.2)] })])
        }
        let first = try scores([(Self.a, 85.5, 60), (Self.b, 59.99, 90)])
        #expect(first["status"] == "done" && first["outcome"] == "scores_recorded" && first["passedCount"] == "1")
        let stored = try h.c.send("HGETALL", h.keys.scores("class-1")).fieldMap.mapValues { try JSONValue.parse($0) }
        #expect(stored[Self.a] == ["theory": 85.5, "practical": 60, "passed": true, "recordedAt": "2026-11-29T04:00:00.000Z"]
                || stored[Self.a]?["theory"] == 85.5)
        #expect(stored[Self.b]?["passed"] == false && stored[Self.b]?["theory"] == 59.99)
        #expect(try scores([(Self.b, 70, 90)])["passedCount"] == "1", "a score may change before the class closes")
        #expect(try JSONValue.parse(h.c.send("HGET", h.keys.scores("class-1"), Self.b).string ?? "")["passed"] == true)

        #expect(try scores([(Self.a, 70, 90)], classId: "class-404")["outcome"] == "unknown_class")
        #expect(try scores([(Self.a, 70, 90)], institution: "inst-2")["outcome"] == "forbidden")
        let stranger = try scores([(Self.a, 70, 90), (Self.outsider, 80, 80)])
        #expect(stranger["outcome"] == "not_enrolled" && stranger["errors"]?.contains("payload.scores[1].idNumber") == true
                && stranger["errors"]?.contains("id.not_enrolled") == true)
        let invalid = try h.run(ScoresPayload.type, ["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": .string(Self.a), "theory": 100.001, "practical": "九十"]]])
        #expect(invalid["outcome"] == "validation_failed" && invalid["errors"]?.contains("score.format") == true)
        try TrainingFixtures.close("class-1", keys: h.env.keys, on: h.c)
        let locked = try scores([(Self.a, 100, 100)])
        #expect(locked["status"] == "rejected" && locked["outcome"] == "scores_locked")
        #expect(try JSONValue.parse(h.c.send("HGET", h.keys.scores("class-1"), Self.a).string ?? "")["theory"] == 85.5)

        let notifications = try (h.c.send("XRANGE", h.keys.notificationQueue, "-", "+").array ?? []).compactMap { entry in
            try entry.array?.last?.fieldMap["job"].map { try JSONValue.parse($0) }
        }
        #expect(notifications.map { $0["payload"]?["template"] } == [.string("scores.recorded"), .string("scores.recorded")])
        #expect(notifications.first?["payload"]?["params"] == ["className": "电工初级班", "classId": "class-1", "count": "2", "passedCount": "1"])
        let events = try (h.c.send("XRANGE", h.keys.events, "-", "+").array ?? []).compactMap { $0.array?.last?.fieldMap["event"] }
        #expect(events.count == 2 && events.allSatisfy { $0.contains("\"scores.recorded\"") && !$0.contains(Self.a) })
        #expect(try h.c.send("XLEN", h.keys.audit("class-1")).int == 3, "the fixture's created entry and two scores_recorded")
    }
}
