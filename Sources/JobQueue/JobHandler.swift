import RedisClient

/// Handles the jobs of some message types. A handler is a function of the job and the current
/// state: it reads what it needs through the context and returns an outcome with its writes; it
/// never writes itself. The runtime applies the outcome atomically with the job's result and ack.
public protocol JobHandler: Sendable {
    func handle(_ job: Job, context: JobContext) throws -> JobOutcome
}

/// A handler from a closure.
public struct ClosureHandler: JobHandler {
    let body: @Sendable (Job, JobContext) throws -> JobOutcome
    public init(_ body: @escaping @Sendable (Job, JobContext) throws -> JobOutcome) { self.body = body }
    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome { try body(job, context) }
}

/// What a handler may use while it runs: reads of current state, the clock, keys, the logger.
public final class JobContext {
    public let clock: any Clock
    public let keys: QueueKeys
    public let logger: Logger
    /// The consumer (host and pid) running the job.
    public let worker: String
    /// The worker's counters. A handler counts something of its own in a ``CounterFamily`` it
    /// declares (`context.metrics.add(to: family, labels: […])`); /metrics shows the family.
    public let metrics: Metrics
    private let connection: RedisConnection
    private let beforeRead: () throws -> Void
    private let openScratch: () throws -> RedisConnection
    private let replicasHold: () throws -> Bool
    private var scratch: RedisConnection?

    init(clock: any Clock, keys: QueueKeys, logger: Logger, worker: String, metrics: Metrics, connection: RedisConnection,
         beforeRead: @escaping () throws -> Void, openScratch: @escaping () throws -> RedisConnection,
         replicasHold: @escaping () throws -> Bool = { true }) {
        self.replicasHold = replicasHold
        self.metrics = metrics
        self.clock = clock
        self.keys = keys
        self.logger = logger
        self.worker = worker
        self.connection = connection
        self.beforeRead = beforeRead
        self.openScratch = openScratch
    }

    /// Reads state. Writes this worker has queued but not yet applied are applied first, so a read
    /// sees every earlier job of this lane. Use only read commands here; writes go in the outcome.
    public func read(_ command: RedisCommand) throws -> RedisReply {
        try beforeRead()
        return try connection.send(command)
    }

    /// Several reads in one round trip; error replies stay in the array.
    public func read(_ commands: [RedisCommand]) throws -> [RedisReply] {
        try beforeRead()
        return try connection.pipeline(commands)
    }

    /// Call before anything leaves Redis (an SMS, a webhook): with `VT_REDIS_MIN_REPLICAS` set, waits
    /// (`WAIT`) until that many replicas hold every write this lane made and every delivery it took,
    /// so the job that asked for it (and the decision that enqueued that job) cannot be lost in a
    /// failover after the outside was told. Throws a ``TransientJobError`` when they do not within
    /// `VT_REDIS_MIN_REPLICAS_TIMEOUT_MS`: nothing is sent, the job is retried. Free when the setting is 0.
    public func confirmReplicated() throws {
        try beforeRead()
        guard try replicasHold() else {
            throw TransientJobError("fewer replicas than VT_REDIS_MIN_REPLICAS acknowledged this job's writes; nothing sent yet")
        }
    }

    /// Writes to a scratch key that only this delivery knows (its name carries a token of the delivery),
    /// applied now rather than with the outcome: bulk data the commit then moves into place in
    /// one O(1) step, guarded by ``Guard/exists(_:)``. Give the key an EXPIRE, so that a
    /// delivery that dies before its commit leaves nothing behind for long. Never use it for
    /// state that anyone else reads. Throws on the first error reply.
    public func writeScratch(_ commands: [RedisCommand]) throws {
        try beforeRead()
        for reply in try connection.pipeline(commands) { try reply.throwingServerError() }
    }

    /// ``writeScratch(_:)`` of commands written as the protocol's bytes.
    public func writeScratch(_ buffer: RedisProtocolBuffer) throws {
        try beforeRead()
        for reply in try connection.pipeline(buffer) { try reply.throwingServerError() }
    }

    /// A second connection of this lane's own (opened on first use, then kept), for scratch
    /// writes (see ``writeScratch(_:)``) made from another thread while the handler's thread
    /// goes on reading through this context. One thread at a time; hand it back by the end of the
    /// job. After an I/O error it is closed, and the next call opens a new one.
    public func scratchConnection() throws -> RedisConnection {
        if let scratch, scratch.isConnected { return scratch }
        let opened = try openScratch()
        scratch = opened
        return opened
    }
}
