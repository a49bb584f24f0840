import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import Spreadsheet
import Testing
import TrainingDomain

/// A file past `StudentImport.parallelMinBytes` through the worker: the reader thread reads it
/// from Redis (GETRANGE) while the validation thread checks it, and the committed roster and
/// error list are what one thread finds in the same bytes.
@Suite struct ParallelImportWorkerTests {
    @Test func largeUpload_twoThreads_sameAsOneThread() throws {
        let h = try ImportWorkerTests.open(limits: ImportLimits())
        defer { h.stop() }
        var text = ImportWorkerTests.header
        for n in 0..<20_000 {
            let born = String(format: "1990%02d%02d", 1 + n / 28_000, 1 + (n / 1000) % 28)
            let id = IDs.make(n % 1000, born: born)
            // Every 1,500th row repeats an ID from far before it; every 997th has a bad phone.
            let repeated = n % 1_500 == 1_499 ? IDs.make(0, born: "19900101") : id
            text += "\(n + 1),张三,\(n % 2 == 1 ? "男" : "女"),\(repeated),\(n % 997 == 0 ? "12345" : "13800138000"),其他\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count >= StudentImport.parallelMinBytes)
        let expected = try StudentImport.scan(.csv, in: InMemoryFile(bytes), limits: ImportLimits(), validator: StudentRowValidator(referenceDate: ClassWorkerTests.today),
                                              enrolled: [], mode: .acceptValid, parallelMinBytes: .max)
        #expect(expected.errors.contains { $0.code == .idDuplicate } && expected.invalidRows > 10)
        try ImportWorkerTests.upload(h, "upload:large", text)
        let result = try ImportWorkerTests.importFile(h, "imp-large", key: "upload:large", mode: .acceptValid)
        #expect(result["outcome"] == "partially_imported")
        #expect(try h.c.send("HLEN", h.keys.students("class-1")).int == expected.acceptedRows)
        let errors = try (h.c.send("LRANGE", h.keys.errors("imp-large"), 0, -1).array ?? []).compactMap { reply in try reply.string.map { try JSONValue.parse($0) } }
        #expect(errors.map { $0["row"]?.intValue } == expected.errors.map(\.row))
        #expect(errors.map { $0["code"]?.stringValue } == expected.errors.map(\.code.rawValue))
        // Staged while it was read, then moved: no scratch set is left.
        #expect(try h.c.send("KEYS", "\(h.keys.prefix):import:*:staged:*").array?.isEmpty == true)

        // All-or-nothing, into another class, with its only invalid row last: thousands of rows were
        // staged before it, and are deleted with the refusal.
        #expect(try h.create("class-2")["outcome"] == "class_created")
        var lateError = ImportWorkerTests.header
        for n in 0..<20_000 {
            let id = IDs.make(n % 1000, born: String(format: "1990%02d%02d", 1 + n / 28_000, 1 + (n / 1000) % 28))
            lateError += "\(n + 1),张三,\(n % 2 == 1 ? "男" : "女"),\(id),\(n == 19_999 ? "12345" : "13800138000"),其他\n"
        }
        try ImportWorkerTests.upload(h, "upload:late-error", lateError)
        let refused = try ImportWorkerTests.importFile(h, "imp-large-2", key: "upload:late-error", classId: "class-2")
        #expect(refused["outcome"] == "import_refused")
        #expect(try h.c.send("EXISTS", h.keys.students("class-2")).int == 0)
        #expect(try h.c.send("KEYS", "\(h.keys.prefix):import:*:staged:*").array?.isEmpty == true)
    }
}
