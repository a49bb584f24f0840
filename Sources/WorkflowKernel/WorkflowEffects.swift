import JobQueue
import RedisClient

/// The tail every workflow's writes end with: the audit entry, the notification job and the
/// domain event of one accepted step, stamped with the job that caused it. One place for the
/// events stream's cap, the notification queue and the ids derived from the job (`evt-<jobId>`,
/// `notif-<jobId>`), so a re-run writes the same ids. Pure: same inputs, same commands.
public struct WorkflowEffects: Sendable {
    /// Approximate cap (`XADD … MAXLEN ~`) of `{p}:events`.
    public static let eventsMaxLength = 100_000
    /// The queue notification requests go to.
    public static let notificationQueueName = "notification"

    public let keys: QueueKeys
    /// The worker writing these effects (`certification-worker`, …): the notification job's `producer`.
    public let producer: String

    public init(keys: QueueKeys, producer: String) {
        self.keys = keys
        self.producer = producer
    }

    /// `{p}:queue:notification`.
    public var notificationQueue: String { keys.queue(Self.notificationQueueName) }

    /// A state hash written whole: DEL, then HSET of every field (a field the new state lacks is gone).
    public static func replace(hash key: String, with fields: [(String, String)]) -> [RedisCommand] {
        [RedisCommand("DEL", key), .hset(key, fields)]
    }

    /// The audit entry, appended to `stream` with the job's id, trace id and producer.
    public func audit(_ entry: AuditEntry, to stream: String, job: Job) -> RedisCommand {
        var entry = entry
        entry.jobId = job.id
        entry.traceId = job.envelope.traceId
        entry.producer = job.envelope.producer
        return entry.appendCommand(to: stream)
    }

    /// The `notification.requested` job of `request`, enqueued on the notification queue.
    public func notify(_ request: NotificationRequest, job: Job, nowMs: Int64) -> RedisCommand {
        let envelope = request.envelope(jobId: job.id, nowMs: nowMs, traceId: job.envelope.traceId, producer: producer)
        return RedisCommand("XADD", notificationQueue, "*", "job", envelope.jsonString)
    }

    /// The XADD of one event: `event` holds `{id, type, occurredAt, jobId, traceId, payload}`; the
    /// id is `evt-<jobId>`, or `evt-<jobId>-<step>` for an event of a job's step (a job that emits
    /// one event per commit).
    public func event(_ event: DomainEvent, job: Job, nowMs: Int64, step: String? = nil) -> RedisCommand {
        let id = step.map { "evt-\(job.id)-\($0)" } ?? "evt-\(job.id)"
        let json = event.json(id: id, occurredAtMs: nowMs, jobId: job.id, traceId: job.envelope.traceId)
        return RedisCommand("XADD", keys.events, "MAXLEN", "~", Self.eventsMaxLength, "*", "event", json.jsonString)
    }

    /// Audit entry, notification and event, in that order (the order every workflow writes them).
    public func tail(audit entry: AuditEntry, to stream: String, notification: NotificationRequest, event domainEvent: DomainEvent,
                     job: Job, nowMs: Int64) -> [RedisCommand] {
        [audit(entry, to: stream, job: job), notify(notification, job: job, nowMs: nowMs), event(domainEvent, job: job, nowMs: nowMs)]
    }
}
