import Foundation
import JobQueue
import TestSupport

/// The hostile-input corpus: the committed files under `Corpus/` (envelopes that JSON values
/// cannot express, hostile import files made by `deploy/fuzz/make-import-corpus.py`), raw stream
/// entries, and the generator's mutations of every valid example in `schemas/examples`.
struct HostileCorpus {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// Message type → its queue, for every type with examples.
    static let queues: [String: String] = [
        "certification.submitted": "certification", "certification.decided": "certification",
        "qualification.applied": "qualification", "qualification.decided": "qualification",
        "class.created": "import", "class.tasksPublished": "import", "import.requested": "import",
        "student.added": "import", "student.removed": "import",
        "notification.requested": "notification",
        "learning.recorded": "training", "scores.recorded": "training", "scores.imported": "training",
        "subsidy.claimed": "subsidy", "subsidy.decided": "subsidy",
    ]

    static var allQueues: [String] { Array(Set(queues.values)).sorted() }

    let ids: IdSource
    var generator: HostileMutations { HostileMutations(ids: ids) }

    init(ids: IdSource) { self.ids = ids }

    func nextId() -> String { ids.next() }

    static func files(_ sub: String) -> [URL] {
        let dir = directory.appendingPathComponent(sub)
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().map { dir.appendingPathComponent($0) }
    }

    /// The valid examples of each type, parsed.
    static func examples() throws -> [(type: String, name: String, document: JSONValue)] {
        try queues.keys.sorted().flatMap { type in
            try SchemaExamples(type: type, decode: { _ in [] }).validFiles.map { (type, $0.lastPathComponent, try JSONValue.parse(Array(Data(contentsOf: $0)))) }
        }
    }

    /// The committed envelope files, each sent to every queue (`@ID@` becomes a fresh id).
    func envelopeFiles() throws -> [HostileEntry] {
        var out: [HostileEntry] = []
        for file in Self.files("envelopes") {
            let bytes = Array(try Data(contentsOf: file))
            for queue in Self.allQueues {
                let id = nextId()
                let text = Self.replacing(Array("@ID@".utf8), with: Array(id.utf8), in: bytes)
                out.append(HostileEntry(name: "envelopes/\(file.lastPathComponent) → \(queue)", queue: queue, job: text,
                                        jobId: text == bytes ? nil : id))
            }
        }
        return out
    }

    /// Stream entries that are wrong as entries: no `job`, `job` twice, empty, and runtime
    /// fields (`attempts`, `deliveries`) a producer should never set, with hostile values.
    func rawEntries(valid: [UInt8], queue: String) -> [HostileEntry] {
        func job() -> ([UInt8], String) {
            let id = nextId()
            return (Self.replacing(Array("@ID@".utf8), with: Array(id.utf8), in: valid), id)
        }
        var out = [HostileEntry(name: "raw no-job-field → \(queue)", queue: queue, fields: [("notjob", Array("x".utf8))], jobId: nil),
                   HostileEntry(name: "raw empty-job → \(queue)", queue: queue, fields: [("job", [])], jobId: nil)]
        let (twice, twiceId) = job()
        out.append(HostileEntry(name: "raw job-twice → \(queue)", queue: queue, fields: [("job", Array("junk".utf8)), ("job", twice)], jobId: twiceId))
        for (field, value) in [("attempts", "9223372036854775807"), ("attempts", "-9223372036854775808"), ("attempts", "abc"),
                               ("deliveries", "9223372036854775807"), ("deliveries", "-1"), ("lastError", String(repeating: "e", count: 100_000))] {
            let (bytes, id) = job()
            out.append(HostileEntry(name: "raw \(field)=\(value.prefix(20)) → \(queue)", queue: queue, fields: [("job", bytes), (field, Array(value.utf8))], jobId: id))
        }
        return out
    }

    static func replacing(_ pattern: [UInt8], with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if i + pattern.count <= bytes.count, bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
                out += new
                i += pattern.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// The whole deterministic corpus (the short pass): the committed files, raw entries, every
    /// example mutated as a whole, the first example of each type mutated field by field, and each
    /// type's first example sent to every other queue.
    func shortPass() throws -> [HostileEntry] {
        var out = try envelopeFiles()
        let examples = try Self.examples()
        var firstOfType: Set<String> = []
        for (type, name, document) in examples {
            let queue = Self.queues[type]!
            out += generator.wholeDocument(document, queue: queue, name: "\(type)/\(name)")
            if firstOfType.insert(type).inserted {
                out += generator.fieldByField(document, queue: queue, name: "\(type)/\(name)")
                for other in Self.allQueues where other != queue {
                    out.append(generator.entry("\(type)/\(name) wrong queue → \(other)", queue: other, document))
                }
            }
            if type == "certification.submitted" && name == examples.first(where: { $0.type == type })?.name {
                var withPlaceholder = document
                if case .object(var o) = withPlaceholder { o["id"] = "@ID@"; withPlaceholder = .object(o) }
                out += rawEntries(valid: Array(withPlaceholder.jsonString.utf8), queue: queue)
            }
        }
        return out
    }
}
