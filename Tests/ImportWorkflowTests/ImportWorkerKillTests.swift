import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import ImportWorkflow
import JobQueue
import QualificationQueries
import RedisClient
import Spreadsheet
import TestSupport
import Testing
import WorkflowKernel

/// The real `import-worker` SIGKILLed while it stages a large import's students: another worker
/// claims the job and finishes it; the roster is exactly the file's rows, once; the dead
/// delivery's scratch set is never moved into the roster and expires on its own.
@Suite struct ImportWorkerKillTests {
    @Test func workerKilledWhileStaging_anotherFinishes_rosterExact_deadDeliverysSetExpires() throws {
        let (env, c, keys) = try ImportReportTests.qualifiedInstitution("inst-k")
        defer { env.stop() }
        var config = env.configuration(concurrency: 1)
        config.heartbeatMs = 200
        config.deadAfterMs = 1_500
        var environment = env.environment(config)
        environment["VT_CLOCK_OFFSET_MS"] = String(ClassWorkerTests.startMs - SystemClock().nowMs())
        func start(_ name: String) throws -> ChildProcess {
            try ChildProcess(executable: builtExecutable("import-worker"), environment: environment, logDirectory: env.directory, name: name)
        }
        let first = try start("import-1")
        func run(_ id: String, _ type: String, _ payload: JSONValue, timeoutMs: Int = 20_000) throws -> [String: String] {
            try env.producer.enqueue(JobEnvelope(id: id, type: type, createdAt: "2026-11-29T04:00:00Z", payload: payload), queue: "import", on: c)
            return try env.producer.waitForResult(of: id, timeoutMs: timeoutMs, on: c)
        }
        #expect(try run("class", ClassPayload.createdType, ClassCreateRequest(classId: "class-k", institutionId: "inst-k", name: "班级k",
                                                                              occupation: "electrician", level: .junior, plannedSize: 10_000,
                                                                              trainingMode: .online, location: nil).json)["outcome"] == "class_created")
        let rows = 40_000
        var text = ImportWorkerTests.header
        for n in 0..<rows {
            let id = IDs.make(n % 1000, born: String(format: "1990%02d%02d", 1 + n / 28_000, 1 + (n / 1000) % 28))
            text += "\(n + 1),张三,\(n % 2 == 1 ? "男" : "女"),\(id),13800138000,其他\n"
        }
        _ = try c.send("SET", "upload:big", text).throwingServerError()
        try env.producer.enqueue(JobEnvelope(id: "import", type: ImportPayload.type, createdAt: "2026-11-29T04:00:00Z",
                                             payload: ImportRequest(importId: "imp-k", institutionId: "inst-k", classId: "class-k",
                                                                    source: .redisKey("upload:big"), mode: .allOrNothing).json),
                                 queue: "import", on: c)
        let stagedPattern = "\(keys.prefix):import:imp-k:staged:*"
        func stagedKeys() throws -> [String] { (try c.send("KEYS", stagedPattern).array ?? []).compactMap(\.string) }
        // Killed once the first students are staged, long before the file is read (a debug build).
        #expect(eventually(timeout: 60) { try !stagedKeys().isEmpty })
        first.kill(SIGKILL)
        first.process.waitUntilExit()
        let dead = try stagedKeys()
        #expect(try dead.count == 1 && c.send("EXISTS", "\(keys.prefix):result:import").int == 0)

        let second = try start("import-2")
        defer { second.terminate() }
        let result = try env.producer.waitForResult(of: "import", timeoutMs: 120_000, on: c)
        #expect(result["outcome"] == "imported")
        #expect(try c.send("HLEN", keys.students("class-k")).int == rows)
        #expect(try c.send("TTL", keys.students("class-k")).int == -1)
        // The second delivery's set became the roster; the dead one's is left alone, and expires.
        #expect(try stagedKeys() == dead)
        let ttl = try c.send("TTL", dead[0]).int ?? -2
        #expect(ttl > 0 && ttl <= 3_600)
    }
}
