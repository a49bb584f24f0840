import RedisClient

/// Proves this worker is alive: its consumer name in `{p}:workers:{queue}` (score = now) and a
/// short-lived `{p}:worker:{consumer}` hash with who it is. Other workers claim the pending jobs
/// of a consumer whose heartbeat is older than `deadAfterMs`.
struct Heartbeat {
    let runtime: WorkerRuntime
    let startedAtMs: Int64

    /// The beat, allowed when Redis is out of memory (`allow-oom`, Redis 7): a worker that waits
    /// out a full Redis is alive, and must not be taken for dead and its jobs claimed. It
    /// rewrites a few small fields of keys that exist, so it hardly grows memory.
    /// KEYS[1] heartbeats sorted set, KEYS[2] worker info hash. ARGV[1] now (ms), ARGV[2] consumer,
    /// ARGV[3] info TTL (ms), ARGV[4..] info field/value pairs. Returns 1.
    static let beatScript = RedisScript(name: "heartbeat", source: """
        #!lua flags=allow-oom
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], unpack(ARGV, 4))
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        return 1
        """)

    func beat(on connection: RedisConnection) throws(RedisError) {
        let now = runtime.clock.nowMs()
        let keys = runtime.keys
        let snapshot = runtime.metrics.snapshot()
        let fields: [any RedisArgument] = [
            "queue", runtime.spec.name, "consumer", runtime.consumer,
            "startedAt", Timestamp.rfc3339(ms: startedAtMs), "lastBeat", Timestamp.rfc3339(ms: now),
            "concurrency", runtime.config.concurrency, "processed", snapshot["processed"] ?? 0,
            "failed", (snapshot["dead"] ?? 0) + (snapshot["retried"] ?? 0),
        ]
        try connection.eval(Self.beatScript, keys: [keys.heartbeats(runtime.spec.name), keys.workerInfo(runtime.consumer)],
                            arguments: [Int(now), runtime.consumer, runtime.config.deadAfterMs * 3] + fields)
    }

    /// Removes this worker's heartbeat: on shutdown, so its leftovers are claimed without delay.
    func retire(on connection: RedisConnection) throws(RedisError) {
        _ = try connection.pipeline([
            RedisCommand("ZREM", runtime.keys.heartbeats(runtime.spec.name), runtime.consumer),
            RedisCommand("DEL", runtime.keys.workerInfo(runtime.consumer)),
        ])
    }
}
