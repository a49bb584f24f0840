import ClassQueries
import ImportScan
import JobQueue
import RedisClient
import Spreadsheet
import TestSupport
import Testing
import Training
import TrainingDomain

/// `scores.imported` against a real redis-server, with a worker in this process: the report keys
/// and error reports of a student import, the scores recorded, the refusals.
@Suite struct ScoresImportWorkerTests {
    static let a = TrainingFixtures.id(1), b = TrainingFixtures.id(2), stranger = TrainingFixtures.id(9)

    func upload(_ h: TrainingWorkerTests.Harness, _ key: String, _ bytes: [UInt8]) throws {
        _ = try h.c.send(RedisCommand("SET", key, bytes)).throwingServerError()
    }

    func importScores(_ h: TrainingWorkerTests.Harness, _ importId: String, key: String, classId: String = "class-1", institution: String = "inst-1",
                      mode: ImportMode = .acceptValid, format: String = "auto") throws -> [String: String] {
        try h.run(ScoresImportPayload.type, ScoresImportRequest(importId: importId, institutionId: institution, classId: classId,
                                                                source: .redisKey(key), format: format, mode: mode).json)
    }

    @Test func csvAndXlsx_recordTheValidRows_andWriteTheReportErrorsAndErrorReports() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try TrainingFixtures.makeClass("class-1", students: [Self.a, Self.b], keys: h.env.keys, on: h.c)
        let csv = "序号,姓名,身份证号,理论成绩,实操成绩\r\n1,张三,\(Self.a),85.5,90\r\n2,李四,\(Self.b),九十,100.001\r\n3,王五,\(Self.stranger),60,60\r\n"
        try upload(h, "up:csv", Array(csv.utf8))
        let result = try importScores(h, "simp-1", key: "up:csv")
        #expect(result["status"] == "done" && result["outcome"] == "partially_imported" && result["entity"] == "simp-1")
        let report = try h.c.send("HGETALL", h.keys.report("simp-1")).fieldMap
        #expect(report["status"] == "partially_imported" && report["kind"] == "scores" && report["totalRows"] == "3" && report["acceptedRows"] == "1"
                && report["invalidRows"] == "2")
        let errors = try (h.c.send("LRANGE", h.keys.errors("simp-1"), 0, -1).array ?? []).compactMap { try $0.string.map { try JSONValue.parse($0) } }
        #expect(errors.map { "\($0["row"]?.intValue ?? 0) \($0["code"]?.stringValue ?? "")" } == ["3 score.format", "3 score.format", "4 id.not_enrolled"])
        let csvReport = String(decoding: try h.c.send("GET", h.keys.errorReport("simp-1", format: "csv")).bytes ?? [], as: UTF8.self)
        #expect(csvReport.contains("错误原因") && csvReport.contains("九十"))
        let xlsx = try #require(h.c.send("GET", h.keys.errorReport("simp-1", format: "xlsx")).bytes)
        #expect(xlsx.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try JSONValue.parse(h.c.send("HGET", h.keys.scores("class-1"), Self.a).string ?? "")["theory"] == 85.5)
        #expect(try h.c.send("HEXISTS", h.keys.scores("class-1"), Self.b).int == 0)

        // The corrected rows, as .xlsx, change the scores; the same import id again is refused.
        var writer = XlsxWriter()
        writer.addSheet(name: "成绩", rows: [["姓名", "身份证号", "理论成绩", "实操成绩"], ["张三", Self.a, "60", "61"], ["李四", Self.b, "90", "100"]])
        try upload(h, "up:xlsx", writer.finish())
        #expect(try importScores(h, "simp-2", key: "up:xlsx", mode: .allOrNothing)["outcome"] == "imported")
        let stored = try h.c.send("HGETALL", h.keys.scores("class-1")).fieldMap.mapValues { try JSONValue.parse($0) }
        #expect(stored[Self.a]?["theory"] == 60 && stored[Self.b]?["passed"] == true)
        #expect(try importScores(h, "simp-2", key: "up:xlsx")["outcome"] == "import_exists")
        let templates = try (h.c.send("XRANGE", h.keys.notificationQueue, "-", "+").array ?? []).compactMap { entry in
            try entry.array?.last?.fieldMap["job"].map { try JSONValue.parse($0)["payload"]?["template"]?.stringValue }
        }
        #expect(templates == ["scores.imported", "scores.imported"])
    }

    @Test func refusals_beforeAnyRow_andFilesThatDoNotRead() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try TrainingFixtures.makeClass("class-1", students: [Self.a], keys: h.env.keys, on: h.c)
        try upload(h, "up:ok", Array("姓名,身份证号,理论成绩,实操成绩\n张三,\(Self.a),80,80\n".utf8))
        #expect(try importScores(h, "s1", key: "up:ok", classId: "class-404")["outcome"] == "unknown_class")
        #expect(try importScores(h, "s2", key: "up:ok", institution: "inst-2")["outcome"] == "forbidden")
        let path = try h.run(ScoresImportPayload.type, ScoresImportRequest(importId: "s3", institutionId: "inst-1", classId: "class-1",
                                                                           source: .path("/etc/passwd")).json)
        #expect(path["status"] == "rejected" && path["outcome"] == "forbidden")
        #expect(try importScores(h, "s4", key: "up:none")["outcome"] == "file_unreadable")
        try upload(h, "up:cols", Array("姓名,身份证号,理论成绩\n张三,\(Self.a),80\n".utf8))
        let missing = try importScores(h, "s5", key: "up:cols")
        #expect(missing["status"] == "rejected" && missing["outcome"] == "missing_columns")
        try upload(h, "up:zip", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0])
        #expect(try importScores(h, "s6", key: "up:zip")["outcome"] == "file_unreadable")
        #expect(try h.c.send("EXISTS", h.keys.report("s5"), h.keys.report("s1")).int == 0)
        let templates = try (h.c.send("XRANGE", h.keys.notificationQueue, "-", "+").array ?? []).compactMap { entry in
            try entry.array?.last?.fieldMap["job"].map { try JSONValue.parse($0)["payload"]?["template"]?.stringValue }
        }
        #expect(templates == ["scores.importFailed", "scores.importFailed", "scores.importFailed"])
        try TrainingFixtures.close("class-1", keys: h.env.keys, on: h.c)
        #expect(try importScores(h, "s7", key: "up:ok")["outcome"] == "scores_locked")
    }
}
