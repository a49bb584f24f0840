import JobQueue

/// SplitMix64: a seeded generator, so a long pass that fails can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension HostileMutations {
    /// `count` random entries for the long pass: each takes a random valid example, applies one to
    /// three field mutations at random paths, and one time in three a byte-level one as well
    /// (flip, insert, delete, or a splice of another example's bytes).
    func random(_ examples: [(type: String, name: String, document: JSONValue)], queues: [String: String], count: Int,
                seed: UInt64) -> [HostileEntry] {
        var rng = SeededGenerator(seed: seed)
        var out: [HostileEntry] = []
        for n in 0..<count {
            let example = examples.randomElement(using: &rng)!
            var document = example.document
            if case .object(var o) = document { o["id"] = .string(nextId()); document = .object(o) }
            var labels: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                // Mostly the payload's fields; one time in five the envelope's too (never the id).
                let envelopeToo = Int.random(in: 0..<5, using: &rng) == 0
                let paths = Self.paths(document).filter { $0.first?.description != "id" && (envelopeToo || $0.first?.description == "payload") }
                guard let path = paths.randomElement(using: &rng), let current = Self.value(document, at: path[...]) else { continue }
                let (what, new) = Self.replacements(for: current).randomElement(using: &rng)!
                document = Self.replacing(document, at: path[...], with: new)
                labels.append("\(path.map(\.description).joined(separator: ".")) \(what)")
            }
            var bytes = Array(document.jsonString.utf8)
            // Byte-level changes stay after the id, so the entry's end can still be found under it.
            let idEnd = Self.end(of: Array("\"id\":\"\(document["id"]?.stringValue ?? "")\"".utf8), in: bytes)
            if Int.random(in: 0..<3, using: &rng) == 0, idEnd < bytes.count {
                let at = Int.random(in: idEnd..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] ^= UInt8.random(in: 1...255, using: &rng); labels.append("flip@\(at)")
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at); labels.append("insert@\(at)")
                case 2: bytes.remove(at: at); labels.append("delete@\(at)")
                default:
                    let other = Array(examples.randomElement(using: &rng)!.document.jsonString.utf8)
                    let from = Int.random(in: 0..<other.count, using: &rng)
                    bytes.replaceSubrange(at..., with: other[from...]); labels.append("splice@\(at)")
                }
            }
            out.append(HostileEntry(name: "random #\(n) \(example.type)/\(example.name) \(labels.joined(separator: ", "))",
                                    queue: queues[example.type]!, job: bytes, jobId: document["id"]?.stringValue))
        }
        return out
    }

    /// The index just past the first occurrence of `pattern` in `bytes` (0 when absent).
    static func end(of pattern: [UInt8], in bytes: [UInt8]) -> Int {
        guard pattern.count <= bytes.count else { return 0 }
        for i in 0...(bytes.count - pattern.count) where bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i + pattern.count }
        return 0
    }
}
