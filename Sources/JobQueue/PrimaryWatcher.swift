import RedisClient

/// With Sentinels (and `VT_REDIS_SENTINEL_SUBSCRIBE`): listens on every Sentinel for the primary
/// moving (``SentinelSwitches``: the leader's `+promoted-slave`, everyone's `+switch-master`) and
/// then interrupts every connection of the worker that is on another server, so each reconnects
/// through the Sentinels at once. It matters after a graceful failover (`SENTINEL FAILOVER`, a
/// planned switch): the old primary stays up and a primary, and lanes blocked in `XREADGROUP` on
/// it would wait there until Sentinel demotes it and kills its clients, about 10 s later
/// (docs/failover.md). A primary that dies breaks the connections by itself.
final class PrimaryWatcher {
    let runtime: WorkerRuntime
    let listeners: [SentinelSwitches]
    /// The primary the connections were last moved to.
    private var movedTo: String?

    init(runtime: WorkerRuntime, sentinel: SentinelConfiguration) {
        self.runtime = runtime
        listeners = sentinel.sentinels.indices.map {
            SentinelSwitches(sentinel: sentinel, index: $0, connectTimeoutMs: runtime.redis.connectTimeoutMs, commandTimeoutMs: runtime.redis.commandTimeoutMs)
        }
    }

    /// Runs until `shouldRun` answers false (checked at least every 250 ms).
    func run(while shouldRun: () -> Bool) {
        var subscribed = Array(repeating: false, count: listeners.count)
        let slice = max(10, 250 / listeners.count)
        while shouldRun() {
            for (i, listener) in listeners.enumerated() {
                let change = listener.next(timeoutMs: slice)
                if listener.isSubscribed != subscribed[i] {
                    subscribed[i] = listener.isSubscribed
                    runtime.logger.debug(subscribed[i] ? "listening to a Sentinel for a new primary" : "lost a Sentinel subscription; subscribing again",
                                         ["sentinel": .string(listener.sentinelAddress)])
                }
                guard let change, change.to.description != movedTo else { continue }
                movedTo = change.to.description
                let moved = runtime.connections.interruptAll(unlessConnectedTo: change.to.description)
                runtime.metrics.increment("redis_primary_switches")
                runtime.logger.info("the Sentinels switched the primary; connections move to it", [
                    "from": .string(change.from?.description ?? "?"), "to": .string(change.to.description), "interrupted": .number(Double(moved)),
                    "sentinel": .string(listener.sentinelAddress)])
            }
        }
    }
}
