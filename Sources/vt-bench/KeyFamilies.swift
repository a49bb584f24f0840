import RedisClient

/// The keys under a prefix grouped by family (`vt:class:{…}:records`: every segment with a digit
/// in it is an id), with each family's memory (`MEMORY USAGE key SAMPLES 0`, every key), its
/// items (hash fields, stream entries, set or sorted-set members; 1 for a string) and how long its
/// keys live (the TTL of one of them).
struct KeyFamilies {
    struct Family {
        var pattern: String
        var keys = 0
        var items = 0
        var bytes = 0
        /// Seconds a key lives when written (the TTL seen, rounded up to a day); nil: for good.
        var ttlSeconds: Int?
    }

    private(set) var families: [String: Family] = [:]

    static func pattern(of key: String) -> String {
        key.split(separator: ":", omittingEmptySubsequences: false).map { $0.contains(where: \.isNumber) ? "{…}" : String($0) }.joined(separator: ":")
    }

    static func measure(prefix: String, on c: RedisConnection) throws -> KeyFamilies {
        var out = KeyFamilies()
        var cursor = "0"
        repeat {
            let reply = try c.send("SCAN", cursor, "MATCH", "\(prefix):*", "COUNT", 1_000)
            cursor = reply.array?.first?.string ?? "0"
            let keys = (reply.array?.last?.array ?? []).compactMap(\.string)
            guard !keys.isEmpty else { continue }
            let types = try c.pipeline(keys.map { RedisCommand("TYPE", $0) }).map { $0.string ?? "" }
            var commands: [RedisCommand] = []
            for (key, type) in zip(keys, types) {
                commands.append(RedisCommand("MEMORY", "USAGE", key, "SAMPLES", 0))
                commands.append(RedisCommand("PTTL", key))
                switch type {
                case "hash": commands.append(RedisCommand("HLEN", key))
                case "stream": commands.append(RedisCommand("XLEN", key))
                case "set": commands.append(RedisCommand("SCARD", key))
                case "zset": commands.append(RedisCommand("ZCARD", key))
                case "list": commands.append(RedisCommand("LLEN", key))
                default: commands.append(RedisCommand("EXISTS", key))
                }
            }
            let replies = try c.pipeline(commands)
            for (i, key) in keys.enumerated() {
                let p = pattern(of: key)
                var f = out.families[p] ?? Family(pattern: p)
                f.keys += 1
                f.bytes += replies[3 * i].int ?? 0
                if let ttl = replies[3 * i + 1].int, ttl > 0 { f.ttlSeconds = ((ttl / 1_000 + 86_399) / 86_400) * 86_400 }
                f.items += replies[3 * i + 2].int ?? 0
                out.families[p] = f
            }
        } while cursor != "0"
        return out
    }

    /// The families, largest first.
    var sorted: [Family] { families.values.sorted { $0.bytes > $1.bytes } }
    var totalBytes: Int { families.values.map(\.bytes).reduce(0, +) }
}
