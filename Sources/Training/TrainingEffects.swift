import JobQueue
import RedisClient
import WorkflowKernel

/// The writes of accepted scores, applied atomically with the job's result: each student's field
/// in `{p}:class:{classId}:scores`, then the tail (audit entry, notification, event). Pure.
public struct TrainingEffects: Sendable {
    public let keys: TrainingKeys
    public static let producer = "training-worker"

    public init(keys: TrainingKeys) { self.keys = keys }

    public func scores(_ transition: ScoreRules.Transition, classId: String, job: Job, nowMs: Int64) -> [RedisCommand] {
        [.hset(keys.scores(classId), transition.stored)]
            + WorkflowEffects(keys: keys.queue, producer: Self.producer)
            .tail(audit: transition.audit, to: keys.audit(classId), notification: transition.notification, event: transition.event,
                  job: job, nowMs: nowMs)
    }
}
