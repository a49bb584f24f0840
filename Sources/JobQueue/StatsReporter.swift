import RedisClient

/// Adds this worker's counts since the last report to `{p}:stats:{queue}` (totals) and
/// `{p}:stats:{queue}:{minute}` (kept one hour), for `vtctl stats`.
final class StatsReporter {
    let runtime: WorkerRuntime
    private var reported: [String: Int] = [:]
    static let counters = ["processed", "rejected", "retried", "dead", "duplicates", "reclaimed", "conflicts"]

    init(runtime: WorkerRuntime) { self.runtime = runtime }

    func report(on connection: RedisConnection) throws(RedisError) {
        let snapshot = runtime.metrics.snapshot()
        let minute = runtime.clock.nowMs() / 60_000
        let total = runtime.keys.stats(runtime.spec.name)
        let perMinute = runtime.keys.statsMinute(runtime.spec.name, minute: minute)
        var commands: [RedisCommand] = []
        var sent: [String: Int] = [:]
        for name in Self.counters {
            let delta = (snapshot[name] ?? 0) - (reported[name] ?? 0)
            guard delta > 0 else { continue }
            commands.append(RedisCommand("HINCRBY", total, name, delta))
            commands.append(RedisCommand("HINCRBY", perMinute, name, delta))
            sent[name] = delta
        }
        guard !commands.isEmpty else { return }
        commands.append(RedisCommand("EXPIRE", perMinute, 3_600))
        _ = try connection.pipeline(commands)
        for (k, v) in sent { reported[k, default: 0] += v }
    }
}
