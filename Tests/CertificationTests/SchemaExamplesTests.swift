import Certification
import JobQueue
import TestSupport
import Testing

/// Every example under `schemas/examples/<type>/` for the certification types, through the
/// handlers' own decoding path (see `SchemaExamples`).
@Suite struct SchemaExamplesTests {
    static let sets = [
        SchemaExamples(type: SubmissionPayload.type) { payload in
            if case .failure(let e) = SubmissionPayload.decode(payload) { return e.errors }
            return []
        },
        SchemaExamples(type: DecisionPayload.type) { payload in
            if case .failure(let e) = DecisionPayload.decode(payload) { return e.errors }
            return []
        },
    ]

    @Test func examplesFolder_holdsBothCertificationTypes() {
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
