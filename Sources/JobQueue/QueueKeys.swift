/// Every Redis key name the runtime uses comes from here. Names in the contract keep their
/// contract spelling; the rest (retry schedule, heartbeats, leases, stats) are the project's own.
public struct QueueKeys: Sendable, Equatable {
    public let prefix: String

    public init(prefix: String = "vt") { self.prefix = prefix }

    /// `{p}:queue:{queue}`: the stream producers XADD jobs to.
    public func queue(_ queue: String) -> String { "\(prefix):queue:\(queue)" }
    /// `{queue}-workers`: the consumer group of a queue.
    public func group(_ queue: String) -> String { "\(queue)-workers" }
    /// `{p}:dead:{queue}`: dead letters of a queue.
    public func dead(_ queue: String) -> String { "\(prefix):dead:\(queue)" }
    /// `{p}:result:{jobId}`: the outcome hash of one job; also its idempotency mark.
    public func result(_ jobId: String) -> String { "\(prefix):result:\(jobId)" }
    /// `{p}:history:{jobId}`: a job's delivery history (retries, re-queues, dead letters, replays).
    public func history(_ jobId: String) -> String { "\(prefix):history:\(jobId)" }
    /// `{p}:events`: domain events.
    public var events: String { "\(prefix):events" }
    /// `{p}:retry:{queue}`: sorted set of jobs waiting for a retry, score = due time (ms).
    public func retry(_ queue: String) -> String { "\(prefix):retry:\(queue)" }
    /// `{p}:workers:{queue}`: sorted set of live consumers, score = last heartbeat (ms).
    public func heartbeats(_ queue: String) -> String { "\(prefix):workers:\(queue)" }
    /// `{p}:worker:{consumer}`: hash describing one live consumer (host, pid, started, concurrency).
    public func workerInfo(_ consumer: String) -> String { "\(prefix):worker:\(consumer)" }
    /// `{p}:lease:{task}:{tick}`: taken by the one process that runs a periodic task's tick.
    public func lease(_ task: String, tick: Int64) -> String { "\(prefix):lease:\(task):\(tick)" }
    /// `{p}:stats:{queue}`: hash of counters (processed, failed, retried, dead) per queue.
    public func stats(_ queue: String) -> String { "\(prefix):stats:\(queue)" }
    /// `{p}:stats:{queue}:{minute}`: the same counters for one minute (kept one hour).
    public func statsMinute(_ queue: String, minute: Int64) -> String { "\(prefix):stats:\(queue):\(minute)" }
}
