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

    @Test func findsFullWidthPrefixedAndGroupedForms_butNotTheirMasksDatesOrAmounts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vt-leak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clean = dir.appendingPathComponent("clean.log"), dirty = dir.appendingPathComponent("dirty.log")
        try """
            {"msg":"sms","text":"请联系+86 138****1234或0086138****5678、86138****5678，身份证4301**********1238"}
            {"msg":"job failed, will retry","error":"HTTP 500: 号码138****1234无效","retryInMs":30000,"attempt":2}
            {"ts":"2026-12-06T13:45:00.000Z","msg":"claim","amount":"12,345.00","revision":17,"department":"430102","phone":"0731-88881234"}
            {"msg":"dates","text":"2026-12-06 2026-12-07 12, class-2026-1206-0001, entry 1795924030689-0"}
            """.write(to: clean, atomically: true, encoding: .utf8)
        let leaked = [
            "１３８１２３４５６７８", "４３０１０２１９９００１０１１２３Ｘ", "+8613812345678", "008613812345678", "+86 138 0731 1234",
            "138-0731-1234", "138 0731 1234", "138　0731　1234", "4301 0219 9001 0112 38", "430102 19900101 123X", "430102-19900101-1238",
        ]
        try leaked.map { "{\"msg\":\"x\",\"text\":\"号码\($0)。\"}" }.joined(separator: "\n").write(to: dirty, atomically: true, encoding: .utf8)
        let scanner = LogLeakScanner(secrets: [])
        #expect(scanner.leaks(in: [clean]).isEmpty, "\(scanner.leaks(in: [clean]))")
        let leaks = scanner.leaks(in: [dirty])
        #expect(Set(leaks.compactMap { $0.split(separator: ":").dropFirst().first }) == Set((1...leaked.count).map { Substring(String($0)) }),
                "one leak found on every line: \(leaks)")
        #expect(leaks.allSatisfy { leak in !leaked.contains { leak.contains($0) } && !leak.contains("0731") && !leak.contains("0219") },
                "the report itself leaks nothing: \(leaks)")
    }
}
