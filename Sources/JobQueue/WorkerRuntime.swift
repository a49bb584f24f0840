import Foundation
import RedisClient
import Synchronization

/// What every thread of one worker process shares: configuration, identity, the stop flag, the
/// counters. Redis connections are never shared.
final class WorkerRuntime: Sendable {
    let config: WorkerConfiguration
    let redis: RedisConfiguration
    let keys: QueueKeys
    let spec: QueueSpec
    /// Where the types this queue has no handler for belong.
    let directory: MessageDirectory
    let clock: any Clock
    let logger: Logger
    let metrics: Metrics
    let consumer: String
    let finisher: JobFinisher
    let policy: RetryPolicy
    /// Whether Redis refuses writes now (OOM, NOREPLICAS, MISCONF): lanes back off, /readyz says why.
    let refusals = WriteRefusals()
    /// Every connection of the process, for the ``PrimaryWatcher`` to move after a failover.
    let connections = ConnectionRegistry()

    private let stopping = Atomic<Bool>(false)

    init(config: WorkerConfiguration, spec: QueueSpec, directory: MessageDirectory, clock: any Clock, logger: Logger, metrics: Metrics, consumer: String) throws(RedisError) {
        self.config = config
        self.redis = try config.redisConfiguration()
        self.keys = QueueKeys(prefix: config.prefix)
        self.spec = spec
        self.directory = directory
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.consumer = consumer
        self.finisher = JobFinisher(keys: keys, queue: spec.name, worker: consumer, resultTTLSeconds: config.resultTTLSeconds)
        self.policy = config.retryPolicy
    }

    var isStopping: Bool { stopping.load(ordering: .acquiring) }
    func requestStop() { stopping.store(true, ordering: .releasing) }

    var streamKey: String { keys.queue(spec.name) }

    /// The consumer name of one lane: the process's name (host-pid) and the lane number. Each lane
    /// is its own consumer, so after a lost connection it can re-read exactly the entries that
    /// were delivered to it (its pending list) and lose none.
    func laneConsumer(_ index: Int) -> String { "\(consumer)/\(index)" }

    /// The consumer the reclaimer claims into for the instant before it re-adds or dead-letters.
    var reclaimConsumer: String { "\(consumer)/reclaim" }

    /// The process a consumer name belongs to (`host-pid` of `host-pid/3`).
    static func process(ofConsumer name: String) -> String {
        guard let slash = name.lastIndex(of: "/") else { return name }
        return String(name[..<slash])
    }
    var group: String { keys.group(spec.name) }

    /// Connects, retrying with capped backoff until connected or stopping. `nil` when stopped.
    func connect(role: String) -> RedisConnection? {
        var delayMs = 50
        while !isStopping {
            do {
                let connection = try RedisConnection(redis, clientName: "\(consumer):\(role)")
                connections.register(connection)
                return connection
            } catch {
                logger.warning("cannot connect to Redis, will retry", ["redis": .string(redis.redactedURL), "error": .string(error.description), "role": .string(role)])
                usleep(useconds_t(delayMs * 1_000))
                delayMs = min(2_000, delayMs * 2)
            }
        }
        return nil
    }

    /// Re-makes a broken connection; false when stopping interrupted it.
    func reconnect(_ connection: RedisConnection, after error: RedisError, role: String) -> Bool {
        metrics.increment("redis_reconnects")
        logger.warning("Redis connection lost, reconnecting", ["error": .string(error.description), "role": .string(role)])
        let ok = connection.reconnect(shouldStop: { self.isStopping })
        if ok { logger.info("Redis connection re-established", ["role": .string(role)]) }
        return ok
    }

    /// Creates the queue's consumer group (and stream) if missing, from the stream's start so jobs
    /// enqueued before any worker ran are consumed.
    func ensureGroup(on connection: RedisConnection) throws(RedisError) {
        do {
            try connection.send("XGROUP", "CREATE", streamKey, group, "0", "MKSTREAM")
        } catch where error.kind == .server && error.message.hasPrefix("BUSYGROUP") {
            // Already there.
        }
    }

    /// Ceiling of the `attempts` and `deliveries` counters read from a stream entry.
    static let maxCounter = 1 << 20

    /// Parses an XREADGROUP / XCLAIM entry list (`[[id, [field, value, …]], …]`).
    static func entries(from reply: RedisReply) -> [StreamEntry] {
        guard let list = reply.array else { return [] }
        var out: [StreamEntry] = []
        out.reserveCapacity(list.count)
        for item in list {
            guard let pair = item.array, pair.count == 2, let id = pair[0].string else { continue }
            var raw: [UInt8]?
            var attempts = 0
            var lastError: String?
            var deliveries = 0
            if let fields = pair[1].array {
                var i = 0
                while i + 1 < fields.count {
                    switch fields[i].string {
                    case "job": raw = fields[i + 1].bytes
                    case "attempts": attempts = fields[i + 1].int ?? 0
                    case "lastError": lastError = fields[i + 1].string
                    case "deliveries": deliveries = fields[i + 1].int ?? 0
                    default: break
                    }
                    i += 2
                }
            }
            // Counters come from the entry, which a producer may have written: clamped, so that a
            // hostile `attempts` of Int.max cannot overflow `attempts + 1` and kill the worker.
            out.append(StreamEntry(id: id, raw: raw, previousAttempts: min(max(0, attempts), Self.maxCounter), lastError: lastError,
                                   deliveries: min(max(0, deliveries), Self.maxCounter)))
        }
        return out
    }
}
