import Foundation
import JobQueue

/// The examples under `schemas/examples/<type>/{valid,invalid}/` fed through a workflow's own
/// decoding path (JobEnvelope.decode, then the payload decoder given by the caller), without
/// Redis: valid examples decode; each invalid one is refused, first with the field and code its
/// `expectations.json` lists. Every workflow's SchemaExamplesTests use this.
public struct SchemaExamples: Sendable {
    public let type: String
    /// The payload decoder: the errors it reports, empty when the payload is accepted.
    public let decode: @Sendable (JSONValue) -> [FieldError]

    public init(type: String, decode: @escaping @Sendable (JSONValue) -> [FieldError]) {
        self.type = type
        self.decode = decode
    }

    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas/examples")

    public var directory: URL { Self.root.appendingPathComponent(type) }

    /// The errors the handler would report for `bytes`, in order; empty when it decodes.
    public func errors(_ bytes: [UInt8]) -> [FieldError] {
        let envelope: JobEnvelope
        do {
            envelope = try JobEnvelope.decode(bytes)
        } catch {
            return error.errors
        }
        guard envelope.type == type else {
            return [FieldError(field: "type", code: "field.enum", message: "expected \(type), got \(envelope.type)")]
        }
        return decode(envelope.payload)
    }

    public static func files(_ dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "expectations.json" }.sorted().map { dir.appendingPathComponent($0) }
    }

    public var validFiles: [URL] { Self.files(directory.appendingPathComponent("valid")) }
    public var invalidFiles: [URL] { Self.files(directory.appendingPathComponent("invalid")) }

    /// One line per valid example that does not decode.
    public func validFailures() throws -> [String] {
        try validFiles.compactMap { file in
            let errors = errors(Array(try Data(contentsOf: file)))
            return errors.isEmpty ? nil : "\(type)/valid/\(file.lastPathComponent): \(errors)"
        }
    }

    /// One line per invalid example refused otherwise than its expectation says, or without one.
    public func invalidMismatches() throws -> [String] {
        let dir = directory.appendingPathComponent("invalid")
        let parsed = try JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("expectations.json"))))
        let expectations = parsed.objectValue ?? [:]
        var out: [String] = []
        let names = Set(invalidFiles.map(\.lastPathComponent))
        for missing in Set(expectations.keys).symmetricDifference(names).sorted() { out.append("\(type)/invalid/\(missing): example and expectation must pair up") }
        for file in invalidFiles {
            let name = file.lastPathComponent
            guard let expected = expectations[name] else { continue }
            let first = errors(Array(try Data(contentsOf: file))).first
            if first?.field != expected["field"]?.stringValue || first?.code != expected["code"]?.stringValue {
                out.append("\(type)/invalid/\(name): expected \(expected["field"]?.stringValue ?? "?") \(expected["code"]?.stringValue ?? "?"), got \(first.map(\.description) ?? "accepted")")
            }
        }
        return out
    }
}
