import ClassQueries
@testable import ImportWorkflow
import JobQueue
import RedisClient
import Testing
import TrainingDomain

/// The import's effects, without Redis.
@Suite struct ImportEffectsTests {
    @Test func errorListEntry_isJSONWithEscapes() throws {
        let entry = RowError(row: 7, code: .idDuplicate, message: "与第2行\"重复\"\\\n\u{1}")
        let parsed = try JSONValue.parse(String(decoding: ImportEffects.json(entry), as: UTF8.self))
        #expect(parsed == ["row": 7, "column": "身份证号", "code": "id.duplicate", "message": .string(entry.message)])
    }

    /// The staged HSETs: each student's ID and JSON, in place or (a text to escape) one argument
    /// at a time, in HSETs of `StagedRoster.chunk` students, exactly RESP.
    @Test func stagedHSETs_areRESP_inPlaceAndEscaped() {
        let encoder = RosterEntry.Encoder(addedAt: "2026-11-29T04:00:00.000Z", source: "imp-1")
        let records = (0..<2_500).map { n in
            // Most IDs kept as numbers; two texts that are not one (kept as text).
            StudentRecord(idNumber: n == 900 ? "4301021990010110x" : n == 1_200 ? "４３０１" : "43010219900101\(String(1000 + n).suffix(4))",
                          name: n == 1_700 ? "张\"三" : "张三", gender: n % 2 == 0 ? .female : .male, phone: "13800138000", studentType: "其他")
        }
        var buffer = RedisProtocolBuffer()
        StagedRoster.hset(records, encoder: encoder, to: "k", into: &buffer)
        var expected: [UInt8] = []
        for start in stride(from: 0, to: records.count, by: StagedRoster.chunk) {
            let chunk = records[start..<min(start + StagedRoster.chunk, records.count)]
            var arguments = [Array("HSET".utf8), Array("k".utf8)]
            for record in chunk { arguments += [Array(record.idNumber.utf8), encoder.encode(record)] }
            expected += Array("*\(arguments.count)\r\n".utf8)
            for argument in arguments { expected += Array("$\(argument.count)\r\n".utf8) + argument + [13, 10] }
        }
        #expect(buffer.commands == 3 && buffer.isComplete)
        #expect(buffer.bytes == expected)
    }
}
