@testable import ImportWorkflow
import JobQueue
import Testing
import TrainingDomain

/// The import's effects, without Redis.
@Suite struct ImportEffectsTests {
    @Test func errorListEntry_isJSONWithEscapes() throws {
        let entry = RowError(row: 7, code: .idDuplicate, message: "与第2行\"重复\"\\\n\u{1}")
        let parsed = try JSONValue.parse(String(decoding: ImportEffects.json(entry), as: UTF8.self))
        #expect(parsed == ["row": 7, "column": "身份证号", "code": "id.duplicate", "message": .string(entry.message)])
    }
}
