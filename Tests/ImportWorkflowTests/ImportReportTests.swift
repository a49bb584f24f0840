import ClassQueries
import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
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

/// `import.requested` against a real redis-server with the worker runtime: a file with every
/// row error code (each on its row, in the errors list and the downloadable report), a GBK file,
/// and the early refusals with their `import.failed` notification (sent once).
@Suite struct ImportReportTests {
    static let header = "序号,姓名,性别,身份证号,手机号,学员类型\r\n"

    /// Row of the file (header = 1) → the code it must carry.
    static let planted: [(String, String)] = [
        ("1,张三,男,\(IDs.male(1)),13800138000,其他", ""),
        ("2,,男,\(IDs.male(2)),13800138000,其他", "name.missing"),
        ("3,=1+2,男,\(IDs.male(3)),13800138000,其他", "name.invalid"),
        ("4,李四,,\(IDs.male(4)),13800138000,其他", "gender.missing"),
        ("5,李四,未知,\(IDs.male(5)),13800138000,其他", "gender.invalid"),
        ("6,李四,女,\(IDs.male(6)),13800138000,其他", "gender.mismatch"),
        ("7,王五,男,,13800138000,其他", "id.missing"),
        ("8,王五,男,4.30102E+17,13800138000,其他", "id.length"),
        ("9,王五,男,43010219900101A23X,13800138000,其他", "id.chars"),
        ("10,王五,男,990102199001011231,13800138000,其他", "id.region"),
        ("11,王五,男,430102199002301231,13800138000,其他", "id.birthdate"),
        ("12,王五,男,430102202712011231,13800138000,其他", "id.future"),
        ("13,王五,男,430102201501011231,13800138000,其他", "id.age"),
        ("14,王五,男,\(String(IDs.male(7).dropLast()) + (IDs.male(7).hasSuffix("1") ? "2" : "1")),13800138000,其他", "id.checksum"),
        ("15,赵六,男,\(IDs.male(1)),13800138000,其他", "id.duplicate"),
        ("16,赵六,男,\(IDs.male(20)),13800138000,其他", "id.enrolled"),
        ("17,孙七,男,\(IDs.male(8)),,其他", "phone.missing"),
        ("18,孙七,男,\(IDs.male(9)),12345,其他", "phone.format"),
        ("19,孙七,男,\(IDs.male(10)),13800138000,", "type.missing"),
        ("20,孙七,男,\(IDs.male(11)),13800138000,学生", "type.unknown"),
        ("21,周八,男,\(IDs.male(21)),13800138000,其他", "id.enrolled_elsewhere"),
    ]

    /// Puts `idNumber` in the enrolment index of electrician, junior, as another class's student.
    static func enrollElsewhere(_ idNumber: String, c: RedisConnection, keys: ImportKeys) throws {
        let index = keys.enrollment(occupation: "electrician", level: .junior)
        let buckets = EnrollmentIndex.buckets(of: [idNumber])
        let read = try index.read(buckets: buckets) { try c.pipeline($0) }
        for command in read.claiming([idNumber]) { _ = try c.send(command).throwingServerError() }
    }

    @Test func everyRowErrorCode_onItsRow_inErrorsAndReport() throws {
        let h = try ImportWorkerTests.open(limits: ImportLimits())
        defer { h.stop() }
        try Self.everyCode(c: h.c, keys: h.keys) { importId, key, mode in try ImportWorkerTests.importFile(h, importId, key: key, mode: mode) }
    }

    /// A fresh Redis with `institution` certified and qualified for electrician, junior (for the
    /// real `import-worker`, which the caller starts).
    static func qualifiedInstitution(_ institution: String) throws -> (QueueTestEnvironment, RedisConnection, ImportKeys) {
        let env = try QueueTestEnvironment()
        let c = try env.server.connect()
        let keys = ImportKeys(env.keys)
        try DomainFixtures.certifyAndQualify(institution, keys: QualificationKeys(keys.queue), on: c)
        return (env, c, keys)
    }

    /// The same with the real `import-worker` executable (its clock on the harness's day), and a GBK file.
    @Test func realImportWorker_everyCodeAndGBK() throws {
        let h = try RealImportWorker(institution: "inst-1", idPrefix: "job")
        defer { h.stop() }
        let (c, keys, worker) = (h.c, h.keys, h.worker)
        func run(_ type: String, _ payload: JSONValue) throws -> [String: String] { try h.run(type, payload) }
        let created = try run(ClassPayload.createdType, ClassCreateRequest(classId: "class-1", institutionId: "inst-1", name: "班级class-1",
                                                                           occupation: "electrician", level: .junior, plannedSize: 30,
                                                                           trainingMode: .online, location: nil).json)
        #expect(created["outcome"] == "class_created")
        try Self.everyCode(c: c, keys: keys) { importId, key, mode in
            try run(ImportPayload.type, ImportRequest(importId: importId, institutionId: "inst-1", classId: "class-1", source: .redisKey(key),
                                                      mode: mode).json)
        }
        let gbk = gb18030(Self.header + "1,欧阳娜娜,女,\(IDs.make(40)),13800138000,农村转移劳动力\r\n")
        _ = try c.send(RedisCommand("SET", "upload:gbk", gbk)).throwingServerError()
        let result = try run(ImportPayload.type, ImportRequest(importId: "imp-gbk", institutionId: "inst-1", classId: "class-1", source: .redisKey("upload:gbk")).json)
        #expect(result["outcome"] == "imported", "\(result)")
        #expect(worker.terminate() == 0)
        #expect(!worker.log.contains(IDs.male(1)), "ID numbers never reach the log")
    }

    /// Imports a file planting every row error code (after one enrolling `IDs.male(20)`) and
    /// checks each code's row, the error report, and that a clean import has no error report.
    static func everyCode(c: RedisConnection, keys: ImportKeys, _ importFile: (String, String, ImportMode) throws -> [String: String]) throws {
        _ = try c.send("SET", "upload:enrolled", Self.header + "1,周九,男,\(IDs.male(20)),13800138007,其他\r\n").throwingServerError()
        #expect(try importFile("imp-0", "upload:enrolled", .allOrNothing)["outcome"] == "imported")
        try enrollElsewhere(IDs.male(21), c: c, keys: keys)
        _ = try c.send("SET", "upload:all", "\u{FEFF}" + Self.header + Self.planted.map(\.0).joined(separator: "\r\n") + "\r\n").throwingServerError()
        let result = try importFile("imp-1", "upload:all", .acceptValid)
        #expect(result["outcome"] == "partially_imported")
        let errors = try (c.send("LRANGE", keys.errors("imp-1"), 0, -1).array ?? []).compactMap { try $0.string.map { try JSONValue.parse($0) } }
        let expected = Self.planted.enumerated().filter { !$0.element.1.isEmpty }.map { "\($0.offset + 2) \($0.element.1)" }
        #expect(errors.map { "\($0["row"]?.intValue ?? 0) \($0["code"]?.stringValue ?? "")" } == expected)
        #expect(Set(errors.compactMap { $0["code"]?.stringValue }) == Set(RowErrorCode.allCases.map(\.rawValue)))

        let report = try #require(try c.send("GET", keys.errorReport("imp-1")).bytes)
        #expect(report.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: report.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 1 + expected.count)
        #expect(lines.first == "序号,姓名,性别,身份证号,手机号,学员类型,错误原因")
        #expect(lines.dropFirst().first == "2,,男,\(IDs.male(2)),13800138000,其他,姓名：\(RowErrorCode.nameMissing.message)")
        #expect(lines.contains("3,'=1+2,男,\(IDs.male(3)),13800138000,其他,姓名：\(RowErrorCode.nameInvalid.message)"))
        #expect(lines.contains { $0.hasPrefix("15,赵六,男,\(IDs.male(1)),") && $0.hasSuffix("身份证号：身份证号与第2行重复，同一学员只能导入一次") })
        #expect(try c.send("HLEN", keys.students("class-1")).int == 2)

        _ = try c.send("SET", "upload:clean", Self.header + "1,吴十,男,\(IDs.male(30)),13800138000,其他\r\n").throwingServerError()
        #expect(try importFile("imp-2", "upload:clean", .allOrNothing)["outcome"] == "imported")
        #expect(try c.send("EXISTS", keys.errorReport("imp-2")).int == 0)
    }

    @Test func gbkFile_isRead() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        // Rows 4 and 5: a rare name (𠇔 U+201D4, four bytes in GB18030) and a name with `•` for `·`.
        let text = "学员名单（GBK）\r\n" + Self.header + "1,欧阳娜娜,女,\(IDs.make(2)),13800138000,农村转移劳动力\r\n2,张三,男,\(IDs.male(1)),+86 13800138001,退役军人\r\n"
            + "3,王𠇔,男,\(IDs.male(2)),13800138002,其他\r\n4,买买提•艾力,男,\(IDs.male(3)),13800138003,其他\r\n"
        #expect(gb18030("𠇔") == [0x95, 0x32, 0xB1, 0x34])
        _ = try h.c.send(RedisCommand("SET", "upload:gbk", gb18030(text))).throwingServerError()
        let result = try ImportWorkerTests.importFile(h, "imp-gbk", key: "upload:gbk")
        #expect(result["outcome"] == "imported", "\(result)")
        #expect(Set((try h.c.send("HKEYS", h.keys.students("class-1")).array ?? []).compactMap(\.string))
                == [IDs.make(2), IDs.male(1), IDs.male(2), IDs.male(3)])
        _ = try h.c.send(RedisCommand("SET", "upload:bad", gb18030(Self.header) + [0x31, 0x2C, 0x81, 0x20, 0x0D, 0x0A])).throwingServerError()
        let bad = try ImportWorkerTests.importFile(h, "imp-bad", key: "upload:bad")
        #expect(bad["outcome"] == "file_unreadable" && bad["message"]?.contains("第2行") == true, "\(bad)")
    }

    @Test func earlyRefusals_tellTheInstitutionOnce() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        try ImportWorkerTests.upload(h, "upload:big", String(repeating: "x", count: 4_097))
        try ImportWorkerTests.upload(h, "upload:rows", Self.header + String(repeating: "1,张三,男,\(IDs.male(1)),13800138000,其他\n", count: 11))
        try ImportWorkerTests.upload(h, "upload:cols", "姓名,性别,身份证号\n张三,男,1\n")
        let cases = [("upload:none", "file_unreadable"), ("upload:big", "file_too_large"), ("upload:rows", "too_many_rows"),
                     ("upload:cols", "missing_columns")]
        for (n, (key, code)) in cases.enumerated() {
            let result = try ImportWorkerTests.importFile(h, "imp-\(n)", key: key)
            #expect(result["status"] == "rejected" && result["outcome"] == code, "\(key): \(result)")
        }
        #expect(try ImportWorkerTests.importFile(h, "imp-x", key: "upload:cols", classId: "class-404")["outcome"] == "unknown_class")
        // The same job delivered again: its result stands, nothing is sent again.
        let again = JobEnvelope(id: "job-5", type: ImportPayload.type, createdAt: "2026-11-29T04:00:00Z",
                                payload: ImportRequest(importId: "imp-3", institutionId: "inst-1", classId: "class-1", source: .redisKey("upload:cols")).json)
        try h.env.producer.enqueue(again, queue: "import", on: h.c)
        #expect(eventually { try h.c.send("XLEN", h.env.keys.queue("import")).int == 0 })

        let failed = try h.stream(h.keys.notificationQueue, field: "job").filter { $0["payload"]?["template"]?.stringValue == "import.failed" }
        #expect(failed.count == 4)
        #expect(failed.map { $0["payload"]?["params"]?["importId"]?.stringValue ?? "" } == ["imp-0", "imp-1", "imp-2", "imp-3"])
        #expect(failed.last?["payload"]?["params"]?["reason"]?.stringValue?.contains("手机号、学员类型") == true)
        #expect(failed.first?["payload"]?["params"]?["className"] == "班级class-1")
        let events = try h.stream(h.keys.events, field: "event").filter { $0["type"]?.stringValue == "import.failed" }
        #expect(events.map { $0["payload"]?["outcome"]?.stringValue ?? "" } == cases.map(\.1))
        #expect(try h.c.send("EXISTS", h.keys.report("imp-3")).int == 0)
    }
}
