import JobQueue
import TestSupport
import Testing
import WireContract
@testable import vtctl

/// Every example under `schemas/examples/<type>/` of every message type, through the workers' own
/// decoders (the ones `vtctl enqueue` checks with; see `SchemaExamples`).
@Suite struct SchemaExamplesTests {
    static let types = WireContract.queues.flatMap(\.messageTypes)
    static let sets = types.map { type in
        SchemaExamples(type: type) { payload in EnqueueCommand.payloadErrors(type: type, payload: payload) ?? [] }
    }

    @Test func examplesFolder_holdsValidAndInvalidExamplesOfEachType() {
        for set in Self.sets {
            #expect(!set.validFiles.isEmpty, "no valid examples in \(set.directory.path)")
            #expect(!set.invalidFiles.isEmpty, "no invalid examples in \(set.directory.path)")
        }
    }

    @Test(arguments: sets.map(\.type)) func validExamples_decode(type: String) throws {
        let set = try #require(Self.sets.first { $0.type == type })
        let failures = try set.validFailures()
        #expect(failures == [])
    }

    @Test(arguments: sets.map(\.type)) func invalidExamples_areRefusedWithTheExpectedFieldAndCode(type: String) throws {
        let set = try #require(Self.sets.first { $0.type == type })
        let mismatches = try set.invalidMismatches()
        #expect(mismatches == [])
    }
}
