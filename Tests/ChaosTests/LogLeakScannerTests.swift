import Foundation
import Testing

/// The log scan of the chaos run finds what it looks for, and only that.
@Suite struct LogLeakScannerTests {
    @Test func findsFullIDNumbersPhonesAndSecrets_butNotMaskedOnesTimestampsOrHashes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vt-leak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clean = dir.appendingPathComponent("clean.log"), dirty = dir.appendingPathComponent("dirty.log")
        try """
            {"msg":"row refused","id":"4301**********123X","phone":"138****5678","entryId":"1795924030689-0","ms":1795924030689,"durationMs":13}
            {"msg":"connected","url":"redis://:***@127.0.0.1:6390/0"}
            {"jobId":"notif-qexp:inst-479:syb-entrepreneur-19912345678bb522:r1"}
            """.write(to: clean, atomically: true, encoding: .utf8)
        try """
            {"msg":"row refused","id":"43010219900101123X"}
            {"msg":"sms","phone":"13812345678"}
            {"msg":"connected","url":"redis://:hunter2-secret@127.0.0.1:6390/0"}
            """.write(to: dirty, atomically: true, encoding: .utf8)
        let scanner = LogLeakScanner(secrets: ["hunter2-secret"])
        #expect(scanner.leaks(in: [clean]).isEmpty)
        let leaks = scanner.leaks(in: [dirty])
        #expect(leaks.count == 3, "\(leaks)")
        #expect(leaks.allSatisfy { !$0.contains("43010219900101123X") && !$0.contains("13812345678") && !$0.contains("hunter2-secret") },
                "the report itself leaks nothing")
        #expect(!scanner.check([dirty]).holds)
    }
}
