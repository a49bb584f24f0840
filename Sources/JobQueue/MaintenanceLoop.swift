import Foundation
import RedisClient

/// The worker's background duties on one thread and one connection: heartbeat, reclaiming jobs of
/// dead workers, forwarding due retries, reporting stats. Each duty has its own period; a failure
/// of one is logged and does not stop the others.
final class MaintenanceLoop {
    let runtime: WorkerRuntime
    let connection: RedisConnection
    let heartbeat: Heartbeat
    let reclaimer: Reclaimer
    let forwarder: RetryForwarder
    let stats: StatsReporter

    init(runtime: WorkerRuntime, connection: RedisConnection, startedAtMs: Int64) {
        self.runtime = runtime
        self.connection = connection
        heartbeat = Heartbeat(runtime: runtime, startedAtMs: startedAtMs)
        reclaimer = Reclaimer(runtime: runtime)
        forwarder = RetryForwarder(runtime: runtime)
        stats = StatsReporter(runtime: runtime)
    }

    /// Runs until `shouldRun` answers false, then retires the heartbeat.
    func run(while shouldRun: () -> Bool) {
        let period = Int64(runtime.config.heartbeatMs)
        var nextBeat: Int64 = 0, nextReclaim: Int64 = 0, nextForward: Int64 = 0, nextStats: Int64 = 0
        while shouldRun() {
            let now = Int64(monotonicNs() / 1_000_000)
            do {
                if now >= nextBeat { try heartbeat.beat(on: connection); nextBeat = now + period }
                if now >= nextForward { try forwarder.forward(on: connection); nextForward = now + min(250, period) }
                if now >= nextReclaim { try reclaimer.reclaim(on: connection); nextReclaim = now + period }
                if now >= nextStats { try stats.report(on: connection); nextStats = now + 1_000 }
            } catch {
                if error.breaksConnection {
                    if !runtime.reconnect(connection, after: error, role: "maintenance") { break }
                } else if error.refusesWrites {
                    // Retries wait in their set and nothing is re-queued meanwhile; the lanes report it.
                    if error.isOutOfMemory { runtime.metrics.increment("redis_oom") }
                    runtime.refusals.refused(error.message)
                    nextReclaim = now + period
                    nextForward = now + period
                } else {
                    runtime.logger.error("maintenance step failed", ["error": .string(error.description)])
                    nextReclaim = now + period
                    nextForward = now + period
                }
            }
            usleep(useconds_t(min(50, max(10, period / 4)) * 1_000))
        }
        try? stats.report(on: connection)
    }

    func retire() {
        if !connection.isConnected { connection.reconnect(attempts: 3) }
        try? heartbeat.retire(on: connection)
    }
}
