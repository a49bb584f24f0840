import RedisClient

/// Proves this worker is alive: its consumer name in `{p}:workers:{queue}` (score = now) and a
/// short-lived `{p}:worker:{consumer}` hash with who it is. Other workers claim the pending jobs
/// of a consumer whose heartbeat is older than `deadAfterMs`.
struct Heartbeat {
    let runtime: WorkerRuntime
    let startedAtMs: Int64

    func beat(on connection: RedisConnection) throws(RedisError) {
        let now = runtime.clock.nowMs()
        let keys = runtime.keys
        let info = keys.workerInfo(runtime.consumer)
        let snapshot = runtime.metrics.snapshot()
        _ = try connection.pipeline([
            RedisCommand("ZADD", keys.heartbeats(runtime.spec.name), Int(now), runtime.consumer),
            RedisCommand("HSET", info, "queue", runtime.spec.name, "consumer", runtime.consumer,
                         "startedAt", Timestamp.rfc3339(ms: startedAtMs), "lastBeat", Timestamp.rfc3339(ms: now),
                         "concurrency", runtime.config.concurrency, "processed", snapshot["processed"] ?? 0,
                         "failed", (snapshot["dead"] ?? 0) + (snapshot["retried"] ?? 0)),
            RedisCommand("PEXPIRE", info, runtime.config.deadAfterMs * 3),
        ])
    }

    /// Removes this worker's heartbeat: on shutdown, so its leftovers are claimed without delay.
    func retire(on connection: RedisConnection) throws(RedisError) {
        _ = try connection.pipeline([
            RedisCommand("ZREM", runtime.keys.heartbeats(runtime.spec.name), runtime.consumer),
            RedisCommand("DEL", runtime.keys.workerInfo(runtime.consumer)),
        ])
    }
}
