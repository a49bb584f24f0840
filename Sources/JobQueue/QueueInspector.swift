import Foundation
import RedisClient

/// The operators' view of the queues, through the runtime's own key names: what `vtctl stats`,
/// `dead`, `job` and `workers` show, and the replay of dead letters. No command reaches for a raw key.
public struct QueueInspector {
    public let keys: QueueKeys
    public let connection: RedisConnection
    public let clock: any Clock
    /// How long a replay's history entry keeps the job's history (the workers' result TTL).
    public let historyTTLSeconds: Int

    public init(keys: QueueKeys, connection: RedisConnection, clock: any Clock = SystemClock(),
                historyTTLSeconds: Int = WorkerConfiguration().resultTTLSeconds) {
        self.keys = keys
        self.connection = connection
        self.clock = clock
        self.historyTTLSeconds = historyTTLSeconds
    }

    /// One queue's figures.
    public struct QueueStats: Sendable, Equatable {
        public var queue: String
        public var length = 0
        public var pending = 0
        /// Entries not yet delivered to any consumer (Redis 7's group lag).
        public var lag = 0
        public var retryScheduled = 0
        public var dead = 0
        public var consumers: [Consumer] = []
        /// Counters of the last complete minute (`processed`, `rejected`, `retried`, `dead`, …).
        public var lastMinute: [String: Int] = [:]
        /// Counters since the stats began.
        public var total: [String: Int] = [:]
    }

    /// A consumer of a queue's group (one per lane: `host-pid/lane`), as Redis and its process's
    /// heartbeat see it.
    public struct Consumer: Sendable, Equatable {
        public var name: String
        public var pending: Int
        public var idleMs: Int
        /// Milliseconds since its last heartbeat; nil when it has none (dead or gone).
        public var heartbeatAgeMs: Int?
    }

    public func stats(queue: String) throws(RedisError) -> QueueStats {
        var s = QueueStats(queue: queue)
        let minute = clock.nowMs() / 60_000 - 1
        let replies = try connection.pipeline([
            RedisCommand("XLEN", keys.queue(queue)),
            RedisCommand("XINFO", "GROUPS", keys.queue(queue)),
            RedisCommand("ZCARD", keys.retry(queue)),
            RedisCommand("XLEN", keys.dead(queue)),
            RedisCommand("XINFO", "CONSUMERS", keys.queue(queue), keys.group(queue)),
            RedisCommand("ZRANGE", keys.heartbeats(queue), 0, -1, "WITHSCORES"),
            RedisCommand("HGETALL", keys.statsMinute(queue, minute: minute)),
            RedisCommand("HGETALL", keys.stats(queue)),
        ])
        s.length = replies[0].int ?? 0
        for group in replies[1].array ?? [] {
            let info = group.fieldMap
            guard info["name"] == keys.group(queue) else { continue }
            s.pending = Int(info["pending"] ?? "") ?? 0
            s.lag = Int(info["lag"] ?? "") ?? max(0, s.length - s.pending)
        }
        s.retryScheduled = replies[2].int ?? 0
        s.dead = replies[3].int ?? 0
        var beats: [String: Int64] = [:]
        let pairs = replies[5].array ?? []
        var i = 0
        while i + 1 < pairs.count {
            if let name = pairs[i].string, let score = pairs[i + 1].int { beats[name] = Int64(score) }
            i += 2
        }
        let now = clock.nowMs()
        for c in replies[4].array ?? [] {
            let info = c.fieldMap
            guard let name = info["name"] else { continue }
            s.consumers.append(Consumer(name: name, pending: Int(info["pending"] ?? "") ?? 0, idleMs: Int(info["idle"] ?? "") ?? 0,
                                        heartbeatAgeMs: beats[WorkerRuntime.process(ofConsumer: name)].map { Int(now - $0) }))
        }
        s.lastMinute = replies[6].fieldMap.compactMapValues { Int($0) }
        s.total = replies[7].fieldMap.compactMapValues { Int($0) }
        return s
    }

    /// A dead letter as stored in `{p}:dead:{queue}`.
    public struct DeadLetter: Sendable, Equatable {
        public var id: String
        public var fields: [String: String]
        public var jobId: String? { fields["jobId"] }
        public var reason: String { fields["reason"] ?? "" }
    }

    /// The newest dead letters first.
    public func deadLetters(queue: String, count: Int = 50) throws(RedisError) -> [DeadLetter] {
        let reply = try connection.send("XREVRANGE", keys.dead(queue), "+", "-", "COUNT", count)
        return (reply.array ?? []).compactMap(Self.deadLetter)
    }

    public func deadLetter(queue: String, id: String) throws(RedisError) -> DeadLetter? {
        try (connection.send("XRANGE", keys.dead(queue), id, id).array ?? []).compactMap(Self.deadLetter).first
    }

    static func deadLetter(_ item: RedisReply) -> DeadLetter? {
        guard let pair = item.array, pair.count == 2, let id = pair[0].string else { return nil }
        return DeadLetter(id: id, fields: pair[1].fieldMap)
    }

    /// Puts dead letters back on their queue as new jobs: each one still present is re-added with
    /// attempts reset, its `dead` result removed (or the job would be taken as finished), the replay
    /// noted in its history, and it leaves the dead-letter stream. KEYS[1] dead stream, KEYS[2]
    /// queue stream, KEYS[3..] the result hash of each letter ('' placeholder when it has no job
    /// id). ARGV[1] history key prefix, ARGV[2] history TTL (s), ARGV[3] now (RFC 3339), ARGV[4..]
    /// per letter its dead entry id. Returns how many were replayed.
    static let replayScript = RedisScript(name: "replay-dead", source: JobHistory.lua + JobHistory.keyOfEnvelopeLua + """

        local n = 0
        for i = 4, #ARGV do
          local entry = redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i])[1]
          if entry then
            local fields, job = entry[2], nil
            for f = 1, #fields, 2 do if fields[f] == 'job' then job = fields[f + 1] end end
            if job then
              if KEYS[i - 1] ~= '' then redis.call('DEL', KEYS[i - 1]) end
              redis.call('XADD', KEYS[2], '*', 'job', job)
              redis.call('XDEL', KEYS[1], ARGV[i])
              history(historyKey(ARGV[1], job), cjson.encode({event = 'replayed', at = ARGV[3], deadEntry = ARGV[i]}), ARGV[2])
              n = n + 1
            end
          end
        end
        return n
        """)

    /// Replays the given dead letters (all of them when `ids` is nil). Returns how many moved.
    public func replay(queue: String, ids: [String]?) throws(RedisError) -> Int {
        let letters: [DeadLetter]
        if let ids {
            var found: [DeadLetter] = []
            for id in ids { if let letter = try deadLetter(queue: queue, id: id) { found.append(letter) } }
            letters = found
        } else {
            letters = try (connection.send("XRANGE", keys.dead(queue), "-", "+").array ?? []).compactMap(Self.deadLetter)
        }
        var moved = 0
        for chunk in stride(from: 0, to: letters.count, by: 200).map({ Array(letters[$0..<min($0 + 200, letters.count)]) }) {
            let resultKeys = chunk.map { $0.jobId.map { keys.result($0) } ?? "" }
            moved += try connection.eval(Self.replayScript, keys: [keys.dead(queue), keys.queue(queue)] + resultKeys,
                                         arguments: [keys.history(""), historyTTLSeconds, Timestamp.rfc3339(ms: clock.nowMs())]
                                            + chunk.map(\.id)).int ?? 0
        }
        return moved
    }

    /// Deletes the given dead letters (all when `ids` is nil). Returns how many were removed.
    public func purge(queue: String, ids: [String]?) throws(RedisError) -> Int {
        guard let ids else {
            let n = try connection.send("XLEN", keys.dead(queue)).int ?? 0
            try connection.send("DEL", keys.dead(queue))
            return n
        }
        guard !ids.isEmpty else { return 0 }
        return try connection.send(RedisCommand("XDEL", [keys.dead(queue)] + ids)).int ?? 0
    }

    /// A job's result hash (empty when unknown or not finished).
    public func result(jobId: String) throws(RedisError) -> [String: String] {
        try connection.send("HGETALL", keys.result(jobId)).fieldMap
    }

    /// A job's delivery history, oldest first (empty after a clean first run); entries that are
    /// not JSON objects are skipped.
    public func history(jobId: String) throws(RedisError) -> [[String: JSONValue]] {
        (try connection.send("LRANGE", keys.history(jobId), 0, -1).array ?? []).compactMap { reply in
            reply.bytes.flatMap { try? JSONValue.parse($0) }?.objectValue
        }
    }

    /// Live and recently seen workers of a queue, with what they last reported.
    public func workers(queue: String) throws(RedisError) -> [(consumer: String, lastBeatMs: Int64, info: [String: String])] {
        let pairs = try connection.send("ZRANGE", keys.heartbeats(queue), 0, -1, "WITHSCORES").array ?? []
        var out: [(String, Int64, [String: String])] = []
        var i = 0
        while i + 1 < pairs.count {
            if let name = pairs[i].string, let score = pairs[i + 1].int {
                out.append((name, Int64(score), try connection.send("HGETALL", keys.workerInfo(name)).fieldMap))
            }
            i += 2
        }
        return out
    }
}
