import CertificationQueries
import DepartmentReview
import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import QualificationQueries
import TestSupport
import Testing
import WorkflowKernel

/// `VT_IMPORT_MAX_BYTES`, `VT_IMPORT_MAX_ROWS` parsed; `path` sources with a worker: refused
/// without `VT_IMPORT_DIR`, opened under it without following links (`ImportDirectory`).
@Suite struct ImportSettingsTests {
    @Test func load_readsTheLimits_andRefusesNonsense() throws {
        #expect(try ImportLimits.load(environment: [:]) == ImportLimits())
        let l = try ImportLimits.load(environment: ["VT_IMPORT_MAX_BYTES": "1048576", "VT_IMPORT_MAX_ROWS": "500"])
        #expect(l.maxBytes == 1_048_576 && l.maxRows == 500)
        for bad in [["VT_IMPORT_MAX_BYTES": "12"], ["VT_IMPORT_MAX_ROWS": "0"], ["VT_IMPORT_MAX_ROWS": "ten"]] {
            #expect(throws: ImportLimits.Invalid.self) { try ImportLimits.load(environment: bad) }
        }
    }

    @Test func pathSource_withoutAnImportDirectory_isForbidden_andTheMessageNamesVT_IMPORT_DIR() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        let file = h.env.directory.appendingPathComponent("students.csv")
        let rows = ImportWorkerTests.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n"
        try Data(rows.utf8).write(to: file)
        let refused = try h.run(ImportPayload.type, ImportRequest(importId: "imp-off", institutionId: "inst-1", classId: "class-1",
                                                                  source: .path(file.path)).json)
        #expect(refused["status"] == "rejected" && refused["outcome"] == "forbidden")
        #expect(refused["message"] == "path sources are turned off: set VT_IMPORT_DIR to the directory uploads are written to")
        #expect(try h.c.send("EXISTS", h.keys.report("imp-off")).int == 0, "nothing of the file is read")
        #expect(try h.stream(h.keys.notificationQueue, field: "job").allSatisfy { $0["payload"]?["template"]?.stringValue != "import.failed" })
        try ImportWorkerTests.upload(h, "upload:same", rows)
        #expect(try ImportWorkerTests.importFile(h, "imp-key", key: "upload:same")["outcome"] == "imported", "redisKey sources are unaffected")
    }

    @Test func worker_withAnImportDirectory_importsAFileInside_andRefusesLinksPathsOutsideAndWhatIsNoFile() throws {
        let uploads = try ImportWorkerTests.uploadsDirectory()
        defer { try? FileManager.default.removeItem(at: uploads) }
        let h = try ImportWorkerTests.open(importDirectory: try ImportDirectory(path: uploads.path))
        defer { h.stop() }
        let inside = uploads.appendingPathComponent("students.csv")
        try Data((ImportWorkerTests.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n").utf8).write(to: inside)
        try FileManager.default.createSymbolicLink(at: uploads.appendingPathComponent("link.csv"), withDestinationURL: inside)
        #expect(mkfifo(uploads.appendingPathComponent("pipe.csv").path, 0o600) == 0)
        var n = 0
        func importPath(_ path: String) throws -> [String: String] {
            n += 1
            return try h.run(ImportPayload.type, ImportRequest(importId: "imp-\(n)", institutionId: "inst-1", classId: "class-1", source: .path(path)).json)
        }
        for (path, message) in [("/etc/hostname", ImportRules.pathOutsideImportDirectory.message),
                                (uploads.path + "/../students.csv", ImportRules.pathNotPlain.message),
                                (uploads.path + "/link.csv", ImportRules.pathThroughSymbolicLink.message)] {
            let refused = try importPath(path)
            #expect(refused["status"] == "rejected" && refused["outcome"] == "forbidden" && refused["message"] == message, "\(path)")
        }
        #expect(try h.stream(h.keys.notificationQueue, field: "job").allSatisfy { $0["payload"]?["template"]?.stringValue != "import.failed" },
                "a forbidden path is not the institution's mistake: no import.failed")
        for name in ["pipe.csv", "missing.csv"] {
            let unreadable = try importPath(uploads.path + "/" + name)
            #expect(unreadable["status"] == "rejected" && unreadable["outcome"] == "file_unreadable", "\(name)")
        }
        #expect(try importPath(inside.path)["outcome"] == "imported")
    }
}
