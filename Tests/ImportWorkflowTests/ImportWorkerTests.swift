import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import ImportScan
import ImportWorkflow
import QualificationQueries
import WorkflowKernel
@testable import JobQueue
import Qualification
import RedisClient
import TestSupport
import Testing
import TrainingDomain

/// `import.requested` against a real redis-server with a worker in this process.
@Suite struct ImportWorkerTests {
    static let header = "序号,姓名,性别,身份证号,手机号,学员类型\n"

    static func open(limits: ImportLimits = ImportLimits(maxBytes: 4_096, maxRows: 10),
                     importDirectory: ImportDirectory? = nil) throws -> ClassWorkerTests.Harness {
        let h = try ClassWorkerTests.Harness(limits: limits, importDirectory: importDirectory)
        let q = QualificationKeys(h.keys.queue)
        try DomainFixtures.certifyAndQualify("inst-1", keys: q, on: h.c)
        #expect(try h.create("class-1")["outcome"] == "class_created")
        return h
    }

    static func upload(_ h: ClassWorkerTests.Harness, _ key: String, _ text: String) throws {
        _ = try h.c.send("SET", key, text).throwingServerError()
    }

    static func importFile(_ h: ClassWorkerTests.Harness, _ importId: String, key: String, mode: ImportMode = .allOrNothing,
                           classId: String = "class-1", institution: String = "inst-1") throws -> [String: String] {
        try h.run(ImportPayload.type, ImportRequest(importId: importId, institutionId: institution, classId: classId,
                                                    source: .redisKey(key), format: "csv", mode: mode).json)
    }

    func roster(_ h: ClassWorkerTests.Harness) throws -> Set<String> {
        Set((try h.c.send("HKEYS", h.keys.students("class-1")).array ?? []).compactMap(\.string))
    }

    @Test func modesReportErrorsRosterNotificationsEvents() throws {
        let h = try Self.open()
        defer { h.stop() }
        let file = "\u{FEFF}" + Self.header + """
        1,张三,男,\(IDs.male(1)),13800138000,其他
        2,李四,女,\(IDs.male(2)),13800138001,其他
        3,王五,男,\(IDs.male(1)),13800138002,退役军人
        ,,,,,
        4,赵六,男,\(IDs.male(3)),13800138003,其他

        """
        try Self.upload(h, "upload:1", file)
        let refused = try Self.importFile(h, "imp-1", key: "upload:1")
        #expect(refused["status"] == "done" && refused["outcome"] == "import_refused" && refused["entity"] == "imp-1")
        #expect(try roster(h).isEmpty)
        let report = try h.c.send("HGETALL", h.keys.report("imp-1")).fieldMap
        #expect(report["status"] == "import_refused" && report["totalRows"] == "4" && report["validRows"] == "2" && report["invalidRows"] == "2"
                && report["acceptedRows"] == "0" && report["skippedEmptyRows"] == "1" && report["durationMs"] != nil)
        let errors = try (h.c.send("LRANGE", h.keys.errors("imp-1"), 0, -1).array ?? []).compactMap { try $0.string.map { try JSONValue.parse($0) } }
        #expect(errors.map { "\($0["row"]?.intValue ?? 0) \($0["column"]?.stringValue ?? "") \($0["code"]?.stringValue ?? "")" }
                == ["3 性别 gender.mismatch", "4 身份证号 id.duplicate"])
        #expect(try Self.importFile(h, "imp-1", key: "upload:1")["outcome"] == "import_exists")

        let partial = try Self.importFile(h, "imp-2", key: "upload:1", mode: .acceptValid)
        #expect(partial["outcome"] == "partially_imported")
        #expect(try roster(h) == [IDs.male(1), IDs.male(3)])
        try Self.upload(h, "upload:2", Self.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n2,孙八,男,\(IDs.male(5)),13800138005,其他\n")
        #expect(try Self.importFile(h, "imp-3", key: "upload:2", mode: .acceptValid)["outcome"] == "partially_imported")
        let enrolled = try (h.c.send("LRANGE", h.keys.errors("imp-3"), 0, -1).array ?? []).compactMap { try $0.string.map { try JSONValue.parse($0) } }
        #expect(enrolled.first?["code"]?.stringValue == "id.enrolled" && enrolled.first?["row"]?.intValue == 2)
        try Self.upload(h, "upload:3", Self.header + "1,周九,男,\(IDs.male(7)),13800138007,其他\n")
        #expect(try Self.importFile(h, "imp-4", key: "upload:3")["outcome"] == "imported")
        #expect(try roster(h).count == 4)
        // The staged hashes were RENAMEd onto the roster (the second with the first import's students): none is left, and the roster never expires.
        #expect(try h.c.send("KEYS", "\(h.keys.prefix):import:*:staged:*").array?.isEmpty == true)
        #expect(try h.c.send("TTL", h.keys.students("class-1")).int == -1)
        // So were the error list and the error reports (staged too), which keep no expiry either.
        for key in [h.keys.errors("imp-1"), h.keys.errorReport("imp-1"), h.keys.errorReport("imp-1", format: "xlsx")] {
            #expect(try h.c.send("TTL", key).int == -1, "\(key)")
        }

        // Rows validated, on /metrics: imp-1 and imp-2 read the same 5 rows (2 valid, 2 invalid, 1 empty), imp-3 2 rows, imp-4 1.
        #expect(h.worker.metrics.value(of: ImportMetrics.rowsValidated, labels: ["valid"]) == 2 + 2 + 1 + 1)
        #expect(h.worker.metrics.value(of: ImportMetrics.rowsValidated, labels: ["invalid"]) == 2 + 2 + 1)
        #expect(h.worker.metrics.value(of: ImportMetrics.rowsValidated, labels: ["empty"]) == 2)
        let exposition = JobMetrics.exposition(queue: "import", snapshot: h.worker.metrics.snapshot(), families: h.worker.metrics.families(),
                                               gauges: [])
        #expect(exposition.contains(#"vt_import_rows_validated_total{queue="import",result="invalid"} 5"#))
        #expect(exposition.contains("# HELP vt_import_rows_validated_total rows of imported files read and validated, by result (valid, invalid, "
                                    + "empty; a re-run after a guard conflict counts again)\n# TYPE vt_import_rows_validated_total counter\n"))

        let notifications = try h.stream(h.keys.notificationQueue, field: "job").filter { $0["payload"]?["template"]?.stringValue == "import.completed" }
        #expect(notifications.count == 4)
        #expect(notifications.first?["payload"]?["params"] == ["className": "班级class-1", "importId": "imp-1", "totalRows": "4",
                                                               "acceptedRows": "0", "invalidRows": "2"])
        #expect(try h.stream(h.keys.events, field: "event").filter { $0["type"]?.stringValue == "import.completed" }.count == 4)
        #expect(try h.c.send("HGET", h.keys.report("imp-2"), "acceptedRows").string == "2")
    }

    /// A new empty directory under the temporary directory, for `VT_IMPORT_DIR`.
    static func uploadsDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vt-uploads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func refusalsBeforeAnyRow() throws {
        let uploads = try Self.uploadsDirectory()
        defer { try? FileManager.default.removeItem(at: uploads) }
        let h = try Self.open(importDirectory: try ImportDirectory(path: uploads.path))
        defer { h.stop() }
        #expect(try Self.importFile(h, "imp-a", key: "upload:none")["outcome"] == "file_unreadable")
        try Self.upload(h, "upload:big", String(repeating: "x", count: 4_097))
        #expect(try Self.importFile(h, "imp-b", key: "upload:big")["outcome"] == "file_too_large")
        try Self.upload(h, "upload:rows", Self.header + String(repeating: "1,张三,男,\(IDs.male(1)),13800138000,其他\n", count: 11))
        #expect(try Self.importFile(h, "imp-c", key: "upload:rows")["outcome"] == "too_many_rows")
        try Self.upload(h, "upload:cols", "姓名,性别,身份证号\n张三,男,1\n")
        let missing = try Self.importFile(h, "imp-d", key: "upload:cols")
        #expect(missing["status"] == "rejected" && missing["outcome"] == "missing_columns")
        _ = try h.c.send("SET", "upload:gbk", [UInt8]([0xD0, 0xD5, 0xC3, 0xFB, 0x0A])).throwingServerError()
        #expect(try Self.importFile(h, "imp-e", key: "upload:gbk")["outcome"] == "missing_columns", "GBK 姓名 is read")
        #expect(try Self.importFile(h, "imp-f", key: "upload:cols", classId: "class-404")["outcome"] == "unknown_class")
        #expect(try Self.importFile(h, "imp-g", key: "upload:cols", institution: "inst-2")["outcome"] == "forbidden")
        #expect(try h.c.send("EXISTS", h.keys.report("imp-d")).int == 0)

        let path = uploads.appendingPathComponent("students.csv").path
        try Data((Self.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n").utf8).write(to: URL(fileURLWithPath: path))
        let fromPath = try h.run(ImportPayload.type, ImportRequest(importId: "imp-p", institutionId: "inst-1", classId: "class-1",
                                                                   source: .path(path)).json)
        #expect(fromPath["outcome"] == "imported")
        #expect(try h.publish("class-1")["outcome"] == "tasks_published")
        try Self.upload(h, "upload:late", Self.header + "1,孙八,男,\(IDs.male(5)),13800138005,其他\n")
        #expect(try Self.importFile(h, "imp-late", key: "upload:late")["outcome"] == "roster_locked")
        #expect(try roster(h) == [IDs.male(1)])
    }
}

/// More rows than one effect command takes (1,000 arguments): the roster and the error list
/// are written in chunks, all in the one atomic write.
@Suite struct ImportChunkTests {
    @Test func thousandsOfRows_chunkedEffects() throws {
        let h = try ClassWorkerTests.Harness()
        defer { h.stop() }
        let q = QualificationKeys(h.keys.queue)
        try DomainFixtures.certifyAndQualify("inst-1", keys: q, on: h.c)
        #expect(try h.create("class-1")["outcome"] == "class_created")
        var text = ImportWorkerTests.header
        for n in 0..<2_500 {
            let born = String(format: "199001%02d", 1 + n / 1000)
            let id = IDs.make(n % 1000, born: born)
            text += "\(n + 1),张三,\(n % 2 == 1 ? "男" : "女"),\(id),13800138000,其他\n"
        }
        for n in 0..<1_200 { text += "\(n + 1),李四,男,123,13800138000,其他\n" }
        try ImportWorkerTests.upload(h, "upload:big", text)
        let result = try ImportWorkerTests.importFile(h, "imp-big", key: "upload:big", mode: .acceptValid)
        #expect(result["outcome"] == "partially_imported")
        #expect(try h.c.send("HLEN", h.keys.students("class-1")).int == 2_500)
        #expect(try h.c.send("LLEN", h.keys.errors("imp-big")).int == 1_200)
        let last = try h.c.send("LINDEX", h.keys.errors("imp-big"), -1).string.map { try JSONValue.parse($0) }
        #expect(last?["row"]?.intValue == 3_701, "\(String(describing: last))")
    }
}

/// A delivery whose commit lost a guard race runs its handler again: the run stages over what the
/// last one staged (same token, after a DEL), so nothing is staged twice or left behind.
@Suite struct StagingRerunTests {
    @Test func sameDeliveryHandledTwice_stagesOverItsOwnKeys() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        try ImportWorkerTests.upload(h, "upload:rerun", ImportWorkerTests.header + """
        1,张三,男,\(IDs.male(1)),13800138000,其他
        2,李四,男,\(IDs.male(2)),13800138001,其他
        3,王五,男,\(IDs.male(3)),123,其他

        """)
        let request = ImportRequest(importId: "imp-rerun", institutionId: "inst-1", classId: "class-1", source: .redisKey("upload:rerun"),
                                    format: "csv", mode: .acceptValid)
        let job = Job(envelope: JobEnvelope(id: "rerun", type: ImportPayload.type, createdAt: "2026-11-29T04:00:00Z", payload: request.json),
                      queue: "import", entryId: "1-1", attempt: 1)
        let context = JobContext(clock: ManualClock(nowMs: ClassWorkerTests.startMs), keys: h.env.keys,
                                 logger: Logger(component: "test", level: .error), worker: "host-1", metrics: Metrics(), connection: h.c,
                                 beforeRead: {}, openScratch: { try h.env.server.connect() })
        let handler = ImportHandler(limits: ImportLimits(maxBytes: 4_096, maxRows: 10))
        let first = try handler.handle(job, context: context)
        let second = try handler.handle(job, context: context)
        #expect(first.outcome == "partially_imported" && second.outcome == "partially_imported")
        let staged = Set((try h.c.send("KEYS", "\(h.keys.prefix):import:imp-rerun:staged:*").array ?? []).compactMap(\.string))
        // One delivery, one set of scratch keys: the students, the errors, the two reports.
        #expect(staged.count == 4)
        #expect(first.guards == second.guards)
        let errors = try #require(staged.first { $0.hasSuffix(":errors") })
        #expect(try h.c.send("LLEN", errors).int == 1)
        let students = try #require(staged.first { !$0.contains(":errors") && !$0.contains(":errorReport") })
        #expect(try h.c.send("HLEN", students).int == 2)
        // Another attempt (a retry) stages under a token of its own.
        let retry = Job(envelope: job.envelope, queue: "import", entryId: "1-1", attempt: 2)
        _ = try handler.handle(retry, context: context)
        #expect(try h.c.send("KEYS", "\(h.keys.prefix):import:imp-rerun:staged:*").array?.count == 8)
    }

    /// The re-run accepts fewer students than the first run (two of them joined the roster in
    /// between): the DEL at the start of staging leaves in the hash only the roster as the re-run
    /// read it and what the re-run accepts, for a small file (staged after its scan) and a large
    /// one (staged by the stager thread while it is read).
    @Test(arguments: [3, 20_000])
    func rerunAfterTheRosterChanged_stagesOnlyWhatTheRerunAccepts(rows: Int) throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        var text = ImportWorkerTests.header
        for n in 0..<rows {
            let id = IDs.make(n % 1000, born: String(format: "1990%02d%02d", 1 + n / 28_000, 1 + (n / 1000) % 28))
            text += "\(n + 1),张三,\(n % 2 == 1 ? "男" : "女"),\(id),13800138000,其他\n"
        }
        #expect((text.utf8.count >= StudentImport.parallelMinBytes) == (rows > 3))
        try ImportWorkerTests.upload(h, "upload:rerun", text)
        let request = ImportRequest(importId: "imp-rerun", institutionId: "inst-1", classId: "class-1", source: .redisKey("upload:rerun"),
                                    format: "csv", mode: .acceptValid)
        let job = Job(envelope: JobEnvelope(id: "rerun", type: ImportPayload.type, createdAt: "2026-11-29T04:00:00Z", payload: request.json),
                      queue: "import", entryId: "1-1", attempt: 1)
        let context = JobContext(clock: ManualClock(nowMs: ClassWorkerTests.startMs), keys: h.env.keys,
                                 logger: Logger(component: "test", level: .error), worker: "host-1", metrics: Metrics(), connection: h.c,
                                 beforeRead: {}, openScratch: { try h.env.server.connect() })
        let handler = ImportHandler(limits: ImportLimits())
        #expect(try handler.handle(job, context: context).outcome == "imported")
        let staged = (try h.c.send("KEYS", "\(h.keys.prefix):import:imp-rerun:staged:*").array ?? []).compactMap(\.string)
        let stagedKey = try #require(staged.count == 1 ? staged.first : nil)
        #expect(try h.c.send("HLEN", stagedKey).int == rows)
        let joined = #"{"name":"李四","gender":"男","phone":"13900139000","studentType":"其他","addedAt":"2026-11-29T04:00:00Z","source":"job-9"}"#
        _ = try h.c.send("HSET", h.keys.students("class-1"), IDs.make(0), joined, IDs.make(1), joined).throwingServerError()
        #expect(try handler.handle(job, context: context).outcome == "partially_imported")
        // The roster's two entries as read, and the rows - 2 students the re-run accepts.
        #expect(try h.c.send("HLEN", stagedKey).int == rows)
        #expect(try h.c.send("HGET", stagedKey, IDs.make(0)).string == joined)
        #expect(try h.c.send("KEYS", "\(h.keys.prefix):import:imp-rerun:staged:*").array?.count == 4)
    }
}
