import JobQueue
import RedisClient

/// Moves follow-up jobs whose time has come from `{p}:notification:deferred` to the queue. Runs
/// as a `PeriodicTask` (one worker per tick); the move is one script, so a job is enqueued once.
public enum DeferredForwarder {
    /// KEYS[1] deferred sorted set, KEYS[2] notification queue stream. ARGV[1] now (ms), ARGV[2]
    /// batch size. Each due member is ZREMed and, only if that removed it, XADDed as `job`.
    /// Returns the number enqueued.
    static let forward = RedisScript(name: "notification-forward-deferred", source: """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local n = 0
        for _, job in ipairs(due) do
          if redis.call('ZREM', KEYS[1], job) == 1 then
            redis.call('XADD', KEYS[2], '*', 'job', job)
            n = n + 1
          end
        end
        return n
        """)

    /// Enqueues every follow-up due at `nowMs`; returns how many.
    @discardableResult
    public static func forwardDue(keys: NotificationKeys, nowMs: Int64, on connection: RedisConnection) throws -> Int {
        var total = 0
        while true {
            let n = try connection.eval(forward, keys: [keys.deferred, keys.notificationQueue], arguments: [Int(nowMs), 100]).int ?? 0
            total += n
            if n < 100 { return total }
        }
    }

    /// The periodic task for a notification worker (every second).
    public static func task(keys: NotificationKeys, intervalMs: Int64 = 1_000) -> PeriodicTask {
        PeriodicTask(name: "notification-deferred", intervalMs: intervalMs) { connection, now in
            try forwardDue(keys: keys, nowMs: now, on: connection)
        }
    }
}

/// The notification workflow wired for a worker: the `notification` queue, its handler, and the
/// periodic task that re-enqueues deferred channels.
public enum NotificationWorkflow {
    public static func queueSpec(settings: NotificationSettings, transport: any HTTPTransport = URLSessionTransport(),
                                 breakers: CircuitBreakers = CircuitBreakers()) -> QueueSpec {
        QueueSpec(name: NotificationKeys.queueName, handlers: [
            NotificationPayload.type: NotificationHandler(settings: settings, transport: transport, breakers: breakers),
        ])
    }

    public static func periodicTasks(prefix: String) -> [PeriodicTask] {
        [DeferredForwarder.task(keys: NotificationKeys(prefix: prefix))]
    }
}
