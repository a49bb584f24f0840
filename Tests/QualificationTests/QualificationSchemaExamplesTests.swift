import JobQueue
import Qualification
import TestSupport
import Testing

/// Every example under `schemas/examples/qualification.*/` through the qualification handlers'
/// own decoding path (see `SchemaExamples`).
@Suite struct QualificationSchemaExamplesTests {
    static let sets = [
        SchemaExamples(type: ApplicationPayload.type) { payload in
            if case .failure(let e) = ApplicationPayload.decode(payload) { return e.errors }
            return []
        },
        SchemaExamples(type: QualificationDecisionPayload.type) { payload in
            if case .failure(let e) = QualificationDecisionPayload.decode(payload) { return e.errors }
            return []
        },
    ]

    @Test func examplesFolder_holdsBothQualificationTypes() {
        for set in Self.sets {
            #expect(!set.validFiles.isEmpty, "no valid examples in \(set.directory.path)")
            #expect(!set.invalidFiles.isEmpty, "no invalid examples in \(set.directory.path)")
        }
    }

    @Test(arguments: sets.map(\.type)) func validExamples_decode(type: String) throws {
        let set = try #require(Self.sets.first { $0.type == type })
        #expect(try set.validFailures() == [])
    }

    @Test(arguments: sets.map(\.type)) func invalidExamples_areRefusedWithTheExpectedFieldAndCode(type: String) throws {
        let set = try #require(Self.sets.first { $0.type == type })
        #expect(try set.invalidMismatches() == [])
    }
}
