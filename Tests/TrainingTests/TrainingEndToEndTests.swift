import ClassQueries
import DomainFixtures
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import RedisClient
import Spreadsheet
import TestSupport
import Testing
import Training
import TrainingDomain

/// The real `training-worker` (and `import-worker` for the class and its roster) against a real
/// redis-server: the class's life from creation to scores, and learning records counted exactly
/// once while workers are SIGKILLed in the middle of their batches.
@Suite struct TrainingEndToEndTests {
    final class Cluster: @unchecked Sendable {
        // @unchecked: owned by one test.
        let env: QueueTestEnvironment
        let c: RedisConnection
        let config: WorkerConfiguration
        var processes: [ChildProcess] = []
        private var started = 0

        init(concurrency: Int = 4) throws {
            env = try QueueTestEnvironment()
            c = try env.server.connect()
            var config = env.configuration(concurrency: concurrency)
            config.heartbeatMs = 200
            config.deadAfterMs = 1_200
            self.config = config
        }

        @discardableResult
        func start(_ executable: String) throws -> ChildProcess {
            started += 1
            let p = try ChildProcess(executable: builtExecutable(executable), environment: env.environment(config), logDirectory: env.directory,
                                     name: "\(executable)-\(started)")
            processes.append(p)
            return p
        }

        func stop() {
            for p in processes { p.terminate() }
            env.stop()
        }

        var keys: TrainingKeys { TrainingKeys(env.keys) }

        func run(_ id: String, _ type: String, _ payload: JSONValue) throws -> [String: String] {
            let queue = WireQueues.of(type)
            try env.producer.enqueue(JobEnvelope(id: id, type: type, createdAt: "2026-11-29T04:00:00Z", payload: payload), queue: queue, on: c)
            return try env.producer.waitForResult(of: id, timeoutMs: 30_000, on: c)
        }
    }

    /// The test's own map of the types it sends (the contract's).
    enum WireQueues {
        static func of(_ type: String) -> String { [LearningPayload.type, ScoresPayload.type, ScoresImportPayload.type, CertificatePayload.type].contains(type) ? "training" : "import" }
    }

    static let a = TrainingFixtures.id(11), b = TrainingFixtures.id(12), outsider = TrainingFixtures.id(13)

    @Test func realWorkers_classRosterCoursesLearningAndScores_thenClosed() throws {
        let cl = try Cluster()
        defer { cl.stop() }
        try cl.start("import-worker")
        try cl.start("training-worker")
        try DomainFixtures.certifyAndQualify("inst-e", keys: QualificationKeys(cl.env.keys), on: cl.c)
        #expect(try cl.run("cls", ClassPayload.createdType, ClassCreateRequest(classId: "class-e", institutionId: "inst-e", name: "电工初级班",
            occupation: "electrician", level: .junior, plannedSize: 30, trainingMode: .online, location: nil).json)["outcome"] == "class_created")
        func gender(_ id: String) throws -> String { try ResidentIDNumber.validateFormat(id).get().gender.chineseName }
        let csv = "姓名,性别,身份证号,手机号,学员类型\n张三,\(try gender(Self.a)),\(Self.a),13800138000,其他\n李四,\(try gender(Self.b)),\(Self.b),13800138001,其他\n"
        _ = try cl.c.send("SET", "\(cl.env.prefix):upload:e", csv).throwingServerError()
        let imported = try cl.run("imp", ImportPayload.type, ImportRequest(importId: "imp-e", institutionId: "inst-e", classId: "class-e",
                                                                         source: .redisKey("\(cl.env.prefix):upload:e"), format: "csv").json)
        #expect(imported["outcome"] == "imported", "\(imported)")
        #expect(try cl.run("pub", ClassPayload.tasksPublishedType, TasksPublishedRequest(classId: "class-e", institutionId: "inst-e").json)["outcome"] == "tasks_published")

        func learn(_ job: String, _ record: String, _ student: String, _ seconds: Int, classId: String = "class-e") throws -> String? {
            try cl.run(job, LearningPayload.type, LearningRecordRequest(recordId: record, classId: classId, idNumber: student, courseId: "c-1",
                                                                        seconds: seconds, occurredAt: "2026-11-29T08:00:00+08:00").json)["outcome"]
        }
        #expect(try learn("l1", "r1", Self.a, 1_800) == "recorded")
        #expect(try learn("l2", "r2", Self.a, 1_200) == "recorded")
        #expect(try learn("l3", "r1", Self.a, 1_800) == "already_counted")
        #expect(try learn("l4", "r3", Self.b, 600) == "recorded")
        #expect(try learn("l5", "r4", Self.outsider, 600) == "not_enrolled")
        #expect(try learn("l6", "r5", Self.a, 600, classId: "class-x") == "unknown_class")
        #expect(try learn("l7", "r6", Self.a, -5) == "validation_failed")
        #expect(try cl.c.send("HGETALL", cl.keys.hours("class-e")).fieldMap == [Self.a: "3000", Self.b: "600"])

        let scores: JSONValue = ["classId": "class-e", "institutionId": "inst-e", "scores": [
            ["idNumber": .string(Self.a), "theory": 88.5, "practical": 90], ["idNumber": .string(Self.b), "theory": 59, "practical": 75]]]
        let scored = try cl.run("s1", ScoresPayload.type, scores)
        #expect(scored["outcome"] == "scores_recorded" && scored["passedCount"] == "1")
        #expect(try cl.run("s2", ScoresPayload.type, ["classId": "class-e", "institutionId": "inst-e", "scores": [
            ["idNumber": .string(Self.b), "theory": "九十", "practical": 100.001]]])["outcome"] == "validation_failed")
        #expect(try cl.run("s3", ScoresPayload.type, ["classId": "class-e", "institutionId": "inst-x", "scores": [
            ["idNumber": .string(Self.b), "theory": 90, "practical": 90]]])["outcome"] == "forbidden")

        // Closed (the e-certificate of the next issue): nothing counts or changes any more.
        try TrainingFixtures.close("class-e", keys: cl.env.keys, on: cl.c)
        #expect(try learn("l8", "r7", Self.a, 600) == "not_counted")
        #expect(try cl.run("s4", ScoresPayload.type, scores)["outcome"] == "scores_locked")
        #expect(try cl.c.send("HGETALL", cl.keys.hours("class-e")).fieldMap == [Self.a: "3000", Self.b: "600"])
        #expect(try cl.c.send("XLEN", cl.env.keys.dead("training")).int == 0)
        for p in cl.processes { #expect(p.isRunning) }
    }

    @Test func workersKilledMidBatch_everyRecordCountedExactlyOnce_hoursEqualTheDistinctRecords() throws {
        let cl = try Cluster(concurrency: 4)
        defer { cl.stop() }
        let students = (1...40).map(TrainingFixtures.id)
        try TrainingFixtures.makeClass("class-k", students: students, keys: cl.env.keys, on: cl.c)
        // 20,000 jobs: 15,000 distinct records, the rest copies under new job ids, and 500 jobs twice under the same id.
        var expected: [String: Int] = [:]
        var commands: [RedisCommand] = []
        var distinct: [LearningRecordRequest] = []
        for n in 0..<20_000 {
            let request: LearningRecordRequest
            if n % 4 == 3, let earlier = distinct.randomElement() {
                request = earlier
            } else {
                request = LearningRecordRequest(recordId: "rec-\(n)", classId: "class-k", idNumber: students[n % students.count], courseId: "c-1",
                                                seconds: 1 + n % 3_600, occurredAt: "2026-11-29T08:00:00Z")
                distinct.append(request)
                expected[request.idNumber, default: 0] += request.seconds
            }
            let envelope = JobEnvelope(id: "job-\(n)", type: LearningPayload.type, createdAt: "2026-11-29T04:00:00Z", payload: request.json)
            commands.append(cl.env.producer.enqueueCommand(envelope, queue: "training"))
            if n % 40 == 0 { commands.append(cl.env.producer.enqueueCommand(envelope, queue: "training")) }
        }
        for start in stride(from: 0, to: commands.count, by: 1_000) { _ = try cl.c.pipeline(Array(commands[start..<min(start + 1_000, commands.count)])) }

        func results() throws -> Int { try cl.c.send("EVAL", "return #redis.call('KEYS', ARGV[1])", 0, "\(cl.env.prefix):result:*").int ?? 0 }
        // Each worker is killed (SIGKILL) once it has finished part of the backlog, with batches in hand.
        var kills = 0
        for threshold in [2_000, 7_000, 12_000] {
            let victim = try cl.start("training-worker")
            #expect(eventually(timeout: 60) { try results() >= threshold }, "\(victim.log.suffix(1_000))")
            victim.kill(SIGKILL)
            victim.process.waitUntilExit()
            kills += 1
        }
        let survivor = try cl.start("training-worker")
        #expect(eventually(timeout: 120) {
            try cl.env.pendingCount(queue: "training", on: cl.c) == 0 && cl.c.send("XLEN", cl.env.keys.queue("training")).int == 0
                && cl.c.send("ZCARD", cl.env.keys.retry("training")).int == 0
        }, "\(survivor.log.suffix(2_000))")
        #expect(kills == 3 && survivor.log.contains("re-queued jobs of a dead worker"))

        let hours = try cl.c.send("HGETALL", cl.keys.hours("class-k")).fieldMap
        #expect(hours == expected.mapValues(String.init), "hours differ from the sum of the distinct records")
        #expect(try cl.c.send("HLEN", cl.keys.records("class-k")).int == distinct.count)
        let outcomes = try cl.c.pipeline((0..<20_000).map { RedisCommand("HGET", cl.env.keys.result("job-\($0)"), "outcome") }).map { $0.string ?? "none" }
        let tally = Dictionary(grouping: outcomes, by: { $0 }).mapValues(\.count)
        #expect(tally == ["recorded": distinct.count, "already_counted": 20_000 - distinct.count], "\(tally)")
        #expect(try cl.c.send("XLEN", cl.env.keys.dead("training")).int == 0)
    }

    @Test func vtctlScoresTemplate_prefilledWithTheRoster_filledIn_importedByTheRealWorker() throws {
        let cl = try Cluster()
        defer { cl.stop() }
        try cl.start("training-worker")
        try TrainingFixtures.makeClass("class-t", institution: "inst-t", students: [Self.b, Self.a], keys: cl.env.keys, on: cl.c)
        let out = cl.env.directory.appendingPathComponent("scores.xlsx").path
        let written = try cl.env.runVtctl(["template", "scores", "--class", "class-t", "--out", out])
        #expect(written.code == 0)
        var rows: [[String]] = []
        try XlsxReader.forEachRecord(in: InMemoryFile(Array(try Data(contentsOf: URL(fileURLWithPath: out)))), limits: .standard) { rows.append($0.fields) }
        #expect(rows.first == ["序号", "姓名", "身份证号", "理论成绩", "实操成绩"] && rows.count == 3)
        let (nameA, nameB) = (TrainingFixtures.name(of: Self.a), TrainingFixtures.name(of: Self.b))
        #expect(rows.dropFirst().map { Array($0.prefix(3)) } == [["1", nameB, Self.b], ["2", nameA, Self.a]] && rows.dropFirst().allSatisfy { $0.dropFirst(3).allSatisfy(\.isEmpty) })
        #expect(rows.dropFirst().map { $0[2] } == [Self.b, Self.a], "ID numbers are kept as text, in the order the students joined")
        #expect(try cl.env.runVtctl(["template", "scores", "--class", "class-404", "--out", out]).code == 1)
        let csv = try cl.env.runVtctl(["template", "scores", "--class", "class-t", "--format", "csv"])
        #expect(csv.code == 0 && csv.out.contains(Self.a))

        // The clerk fills in the scores; the file goes through scores.imported.
        var writer = XlsxWriter()
        writer.addSheet(name: ScoresTemplate.sheetName, rows: [ScoresTemplate.header, ["1", nameA, Self.a, "88", "92.5"], ["2", nameB, Self.b, "59.5", "90"]])
        _ = try cl.c.send(RedisCommand("SET", "\(cl.env.prefix):upload:scores-t", writer.finish())).throwingServerError()
        let imported = try cl.run("imp-t", ScoresImportPayload.type, ScoresImportRequest(importId: "simp-t", institutionId: "inst-t", classId: "class-t",
                                                                                        source: .redisKey("\(cl.env.prefix):upload:scores-t")).json)
        #expect(imported["outcome"] == "imported", "\(imported)")
        let report = try cl.env.runVtctl(["import", "report", "simp-t"])
        #expect(report.code == 0 && report.out.contains("imported") && report.out.contains("acceptedRows"), "\(report.out)")
        let stored = try cl.c.send("HGETALL", cl.keys.scores("class-t")).fieldMap.mapValues { try JSONValue.parse($0) }
        #expect(stored[Self.a]?["passed"] == true && stored[Self.b]?["passed"] == false && stored[Self.a]?["practical"] == 92.5)
    }
}
