import Certification
import Foundation
import JobQueue
import Testing

/// Feeds every example under `schemas/examples/<type>/` for the certification types through the
/// handlers' own decoding path (JobEnvelope.decode, then the payload decoder), without Redis:
/// valid examples decode; each invalid one is refused, first with the field and code its
/// `expectations.json` lists.
@Suite struct SchemaExamplesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = packageRoot.appendingPathComponent("schemas/examples")
    static let types = [SubmissionPayload.type, DecisionPayload.type]

    /// The errors the handler would report for `bytes`, in order; empty when it decodes.
    static func errors(_ bytes: [UInt8], type: String) -> [FieldError] {
        let envelope: JobEnvelope
        do {
            envelope = try JobEnvelope.decode(bytes)
        } catch {
            return error.errors
        }
        guard envelope.type == type else {
            return [FieldError(field: "type", code: "field.enum", message: "expected \(type), got \(envelope.type)")]
        }
        switch type {
        case SubmissionPayload.type:
            if case .failure(let e) = SubmissionPayload.decode(envelope.payload) { return e.errors }
        case DecisionPayload.type:
            if case .failure(let e) = DecisionPayload.decode(envelope.payload) { return e.errors }
        default:
            return [FieldError(field: "type", code: "field.enum", message: "no decoder for \(type)")]
        }
        return []
    }

    static func files(_ dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "expectations.json" }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func examplesFolder_holdsBothCertificationTypes() {
        for type in Self.types {
            let dir = Self.examples.appendingPathComponent(type)
            #expect(!Self.files(dir.appendingPathComponent("valid")).isEmpty, "no valid examples in \(dir.path)")
            #expect(!Self.files(dir.appendingPathComponent("invalid")).isEmpty, "no invalid examples in \(dir.path)")
        }
    }

    @Test(arguments: types) func validExamples_decode(type: String) throws {
        for file in Self.files(Self.examples.appendingPathComponent("\(type)/valid")) {
            let errors = Self.errors(Array(try Data(contentsOf: file)), type: type)
            #expect(errors.isEmpty, "\(type)/valid/\(file.lastPathComponent): \(errors)")
        }
    }

    @Test(arguments: types) func invalidExamples_areRefusedWithTheExpectedFieldAndCode(type: String) throws {
        let dir = Self.examples.appendingPathComponent("\(type)/invalid")
        let expectationsFile = dir.appendingPathComponent("expectations.json")
        let expectations = try #require(try JSONValue.parse(Array(Data(contentsOf: expectationsFile))).objectValue)
        let files = Self.files(dir)
        #expect(Set(files.map(\.lastPathComponent)) == Set(expectations.keys), "every invalid example has exactly one expectation")
        for file in files {
            let name = file.lastPathComponent
            guard let expected = expectations[name] else { continue }
            let errors = Self.errors(Array(try Data(contentsOf: file)), type: type)
            let first = errors.first
            #expect(first?.field == expected["field"]?.stringValue && first?.code == expected["code"]?.stringValue,
                    "\(type)/invalid/\(name): expected \(expected["field"]?.stringValue ?? "?") \(expected["code"]?.stringValue ?? "?"), got \(errors)")
        }
    }
}
