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

/// `VT_IMPORT_MAX_BYTES`, `VT_IMPORT_MAX_ROWS`, `VT_IMPORT_DIR`: parsing, and `path` sources kept
/// inside the import directory (symbolic links and `..` followed), with a worker.
@Suite struct ImportSettingsTests {
    @Test func load_readsTheLimits_andRefusesNonsense() throws {
        #expect(try ImportLimits.load(environment: [:]) == ImportLimits())
        let l = try ImportLimits.load(environment: ["VT_IMPORT_MAX_BYTES": "1048576", "VT_IMPORT_MAX_ROWS": "500", "VT_IMPORT_DIR": "/tmp/"])
        #expect(l.maxBytes == 1_048_576 && l.maxRows == 500)
        #expect(l.pathRoot == URL(fileURLWithPath: "/tmp").resolvingSymlinksInPath().path)
        for bad in [["VT_IMPORT_MAX_BYTES": "12"], ["VT_IMPORT_MAX_ROWS": "0"], ["VT_IMPORT_MAX_ROWS": "ten"], ["VT_IMPORT_DIR": "/no/such/dir"]] {
            #expect(throws: ImportLimits.Invalid.self) { try ImportLimits.load(environment: bad) }
        }
    }

    @Test func permittedPath_staysUnderTheRoot() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("vt-import-\(UUID().uuidString)")
        let uploads = base.appendingPathComponent("uploads")
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let inside = uploads.appendingPathComponent("a.csv")
        let outside = base.appendingPathComponent("secret.csv")
        try Data("x".utf8).write(to: inside)
        try Data("x".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: uploads.appendingPathComponent("link.csv"), withDestinationURL: outside)
        let limits = try ImportLimits.load(environment: ["VT_IMPORT_DIR": uploads.path])
        let root = try #require(limits.pathRoot)
        #expect(limits.permittedPath(inside.path) == root + "/a.csv")
        #expect(limits.permittedPath(outside.path) == nil)
        #expect(limits.permittedPath(uploads.path + "/../secret.csv") == nil)
        #expect(limits.permittedPath(uploads.path + "/link.csv") == nil, "a link out of the directory")
        #expect(limits.permittedPath("/etc/passwd") == nil)
        #expect(limits.permittedPath(uploads.path + "/missing.csv") == uploads.path + "/missing.csv", "missing: file_unreadable later")
        #expect(limits.permittedPath(uploads.path + "/../missing.csv") == nil)
        #expect(ImportLimits().permittedPath("/etc/passwd") == "/etc/passwd", "no root: any path")
    }

    @Test func worker_refusesAPathOutsideTheImportDirectory_andReadsOneInside() throws {
        let h = try ImportWorkerTests.open(limits: try ImportLimits.load(environment: ["VT_IMPORT_DIR": FileManager.default.temporaryDirectory.path]))
        defer { h.stop() }
        let inside = h.env.directory.appendingPathComponent("students.csv").path
        try Data((ImportWorkerTests.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n").utf8).write(to: URL(fileURLWithPath: inside))
        func importPath(_ id: String, _ path: String) throws -> [String: String] {
            try h.run(ImportPayload.type, ImportRequest(importId: id, institutionId: "inst-1", classId: "class-1", source: .path(path)).json)
        }
        let refused = try importPath("imp-out", "/etc/hostname")
        #expect(refused["status"] == "rejected" && refused["outcome"] == "forbidden")
        #expect(try h.stream(h.keys.notificationQueue, field: "job").allSatisfy { $0["payload"]?["template"]?.stringValue != "import.failed" },
                "a forbidden path is not the institution's mistake: no import.failed")
        #expect(try importPath("imp-in", inside)["outcome"] == "imported")
    }
}
