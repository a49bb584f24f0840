import Foundation
import JobQueue

/// One hostile input: the raw fields of a stream entry (normally just `job`), the queue it goes
/// to, and the job id it carries when that id is readable and unique (so its result can be found).
struct HostileEntry: Sendable {
    let name: String
    let queue: String
    let fields: [(String, [UInt8])]
    let jobId: String?

    init(name: String, queue: String, job: [UInt8], jobId: String?) {
        self.init(name: name, queue: queue, fields: [("job", job)], jobId: jobId)
    }

    init(name: String, queue: String, fields: [(String, [UInt8])], jobId: String?) {
        self.name = name
        self.queue = queue
        self.fields = fields
        self.jobId = jobId
    }
}

/// Fresh job ids for one run (`fz<tag>-<n>`); the tag keeps repeated runs on one Redis apart.
final class IdSource {
    private var counter = 0
    let tag: String

    init(tag: String) { self.tag = tag }

    func next() -> String {
        counter += 1
        return "fz\(tag)-\(counter)"
    }
}

/// The structure-aware generator: takes a valid envelope and mutates it field by field (every
/// field of the envelope and of the payload, nested ones and array elements included), and as a
/// whole document (too large, huge arrays, 10,000 levels of nesting, duplicate keys, invalid
/// UTF-8, truncation). Deterministic; `random(_:)` draws seeded random mutations for the long pass.
struct HostileMutations {
    /// Makes each generated entry's job id unique, so every one of them must end on its own.
    let ids: IdSource

    func nextId() -> String { ids.next() }

    /// A value in place of a field: its name and the value (nil: the field is removed).
    static func replacements(for value: JSONValue) -> [(String, JSONValue?)] {
        var out: [(String, JSONValue?)] = [("missing", nil), ("null", .null), ("number", .number(12_345)), ("float", .number(-0.5)),
                                            ("bool", .bool(true)), ("array", .array([])), ("object", .object([:])), ("empty", .string("")),
                                            ("injection", .string("x:audit:institution:*\r\n../{p}")),
                                            ("huge-string-200k", .string(String(repeating: "湘", count: 70_000)))]
        if case .string(let s) = value, let n = Double(s) { out.append(("number-for-string", .number(n))) }
        if case .number(let n) = value { out.append(("string-for-number", .string(String(n)))); out.append(("huge-number", .number(1e300))) }
        if case .array(let a) = value, let first = a.first {
            out.append(("array-10k", .array(Array(repeating: first, count: 10_000))))
        }
        return out
    }

    /// Every path to a field: `["payload", "items", 0, "level"]`, as mixed keys and indexes.
    static func paths(_ value: JSONValue, prefix: [PathStep] = []) -> [[PathStep]] {
        switch value {
        case .object(let o):
            return o.keys.sorted().flatMap { key in [prefix + [.key(key)]] + paths(o[key]!, prefix: prefix + [.key(key)]) }
        case .array(let a):
            return a.indices.prefix(2).flatMap { i in [prefix + [.index(i)]] + paths(a[i], prefix: prefix + [.index(i)]) }
        default:
            return []
        }
    }

    enum PathStep: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String { switch self { case .key(let k): k; case .index(let i): "[\(i)]" } }
    }

    static func value(_ root: JSONValue, at path: ArraySlice<PathStep>) -> JSONValue? {
        guard let step = path.first else { return root }
        switch (step, root) {
        case (.key(let k), .object(let o)): return o[k].flatMap { value($0, at: path.dropFirst()) }
        case (.index(let i), .array(let a)) where a.indices.contains(i): return value(a[i], at: path.dropFirst())
        default: return nil
        }
    }

    /// `root` with the field at `path` replaced by `new` (removed when nil).
    static func replacing(_ root: JSONValue, at path: ArraySlice<PathStep>, with new: JSONValue?) -> JSONValue {
        guard let step = path.first else { return new ?? .null }
        switch (step, root) {
        case (.key(let k), .object(var o)):
            if path.count == 1, new == nil { o[k] = nil } else { o[k] = replacing(o[k] ?? .null, at: path.dropFirst(), with: new) }
            return .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            if path.count == 1, new == nil { a.remove(at: i) } else { a[i] = replacing(a[i], at: path.dropFirst(), with: new) }
            return .array(a)
        default:
            return root
        }
    }

    /// The example with a fresh job id, as an entry.
    func entry(_ name: String, queue: String, _ document: JSONValue, keepId: Bool = false) -> HostileEntry {
        var doc = document
        var id = document["id"]?.stringValue
        if !keepId, case .object(var o) = doc { id = nextId(); o["id"] = .string(id!); doc = .object(o) }
        return HostileEntry(name: name, queue: queue, job: Array(doc.jsonString.utf8), jobId: id.flatMap { JobEnvelope.isValidJobId($0) ? $0 : nil })
    }

    /// Field by field: every path of `example` with every replacement.
    func fieldByField(_ example: JSONValue, queue: String, name: String) -> [HostileEntry] {
        var out: [HostileEntry] = []
        for path in Self.paths(example) {
            guard let current = Self.value(example, at: path[...]) else { continue }
            for (what, new) in Self.replacements(for: current) {
                let label = "\(name) \(path.map(\.description).joined(separator: ".")) \(what)"
                if path.first?.description == "id" {
                    // The id itself mutated: the entry keeps the mutated id (unique where it is still valid).
                    var doc = Self.replacing(example, at: path[...], with: new)
                    if case .string(let s) = new, !s.isEmpty, JobEnvelope.isValidJobId(s) { doc = Self.replacing(doc, at: path[...], with: .string("\(s)\(nextId())")) }
                    out.append(entry(label, queue: queue, doc, keepId: true))
                } else {
                    out.append(entry(label, queue: queue, Self.replacing(example, at: path[...], with: new)))
                }
            }
        }
        return out
    }

    /// Whole-document mutations of `example`, at the text level where JSON values cannot say it.
    func wholeDocument(_ example: JSONValue, queue: String, name: String) -> [HostileEntry] {
        var out: [HostileEntry] = []
        func text(_ label: String, _ transform: (String, String) -> [UInt8]) {
            let id = nextId()
            var doc = example
            if case .object(var o) = doc { o["id"] = .string(id); doc = .object(o) }
            out.append(HostileEntry(name: "\(name) \(label)", queue: queue, job: transform(doc.jsonString, id), jobId: id))
        }
        text("too-large-1.1MB") { json, _ in Array(json.dropLast(2).utf8) + Array(",\"blob\":\"\(String(repeating: "A", count: 1_100_000))\"}}".utf8) }
        text("huge-array-100k") { json, _ in Array(json.dropLast(2).utf8) + Array(",\"items\":[\(Array(repeating: "1", count: 100_000).joined(separator: ","))]}}".utf8) }
        text("nested-10k") { json, _ in Array(json.dropLast(2).utf8) + Array(",\"x\":\(String(repeating: "[", count: 10_000))\(String(repeating: "]", count: 10_000))}}".utf8) }
        text("nested-objects-10k") { json, _ in Array(json.dropLast(2).utf8) + Array(",\"x\":\(String(repeating: "{\"a\":", count: 10_000))1\(String(repeating: "}", count: 10_000))}}".utf8) }
        text("duplicate-key") { json, _ in Array(json.replacingOccurrences(of: "\"payload\":{", with: "\"payload\":{\"a\":1,\"a\":2,").utf8) }
        text("duplicate-type") { json, _ in Array(("{\"type\":\"class.created\"," + json.dropFirst()).utf8) }
        text("invalid-utf8") { json, _ in
            var bytes = Array(json.utf8)
            if let quote = bytes.lastIndex(of: UInt8(ascii: "\"")) { bytes.insert(contentsOf: [0xFF, 0xC0, 0x80], at: quote) }
            return bytes
        }
        text("truncated-half") { json, _ in Array(json.utf8.prefix(json.utf8.count / 2)) }
        text("nul-byte") { json, _ in Array(json.utf8) + [0] }
        text("extra-stream-field") { json, _ in Array(json.utf8) }
        // The last one travels with extra stream fields next to `job`.
        if let last = out.popLast() {
            out.append(HostileEntry(name: last.name, queue: queue, fields: [("job", last.fields[0].1), ("job2", Array("x".utf8)), ("retries", Array("99".utf8))],
                                    jobId: last.jobId))
        }
        return out
    }
}
