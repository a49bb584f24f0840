import JobQueue
import QualificationQueries
import RedisClient
import WorkflowKernel

/// Turns a transition into the Redis writes applied atomically with the job's result: the state
/// hash, the application index, the review sets, the due index (new steps of approved items;
/// steps of the items they renew removed), the audit entry, the notification job and the event.
/// Pure: same transition, same commands.
public struct QualificationEffects: Sendable {
    public let keys: QualificationKeys
    public let reminderDays: [Int]
    public static let producer = "qualification-worker"

    public init(keys: QualificationKeys, reminderDays: [Int] = ExpiryStep.defaultReminderDays) {
        self.keys = keys
        self.reminderDays = reminderDays
    }

    public func commands(for transition: QualificationTransition, job: Job, nowMs: Int64) -> [RedisCommand] {
        let (before, after) = (transition.before, transition.after)
        let id = after.institutionId
        var commands = WorkflowEffects.replace(hash: keys.state(id), with: after.fields)
        if let old = before.pending, old.applicationId != after.pending?.applicationId || old.departmentId != after.pending?.departmentId {
            commands.append(RedisCommand("ZREM", keys.reviewSet(old.departmentId), old.applicationId))
        }
        if let new = after.pending, new != before.pending {
            commands.append(RedisCommand("HSET", keys.applicationIndex, new.applicationId, id))
            commands.append(RedisCommand("ZADD", keys.reviewSet(new.departmentId), String(new.submittedAtMs), new.applicationId))
        }
        for item in transition.approvedItems {
            commands += scheduleCommands(institutionId: id, item: item, replacing: before.items[item.key], nowMs: nowMs)
        }
        commands += WorkflowEffects(keys: keys.queue, producer: Self.producer)
            .tail(audit: transition.audit, to: keys.audit(id), notification: transition.notification, event: transition.event, job: job, nowMs: nowMs)
        return commands
    }

    /// ZREM of the steps of the item `item` renews (any configured or default reminder), then ZADD
    /// of its own future steps.
    public func scheduleCommands(institutionId: String, item: ApprovedItem, replacing old: ApprovedItem?, nowMs: Int64) -> [RedisCommand] {
        var commands: [RedisCommand] = []
        if let oldUntil = old?.validUntil {
            let days = Array(Set(reminderDays + ExpiryStep.defaultReminderDays))
            var zrem = RedisCommand("ZREM", keys.due)
            for step in ExpiryStep.steps(institutionId: institutionId, key: item.key, validUntil: oldUntil, reminderDays: days) { zrem.append(step.member) }
            commands.append(zrem)
        }
        if let until = item.validUntil {
            var zadd = RedisCommand("ZADD", keys.due)
            for step in ExpiryStep.steps(institutionId: institutionId, key: item.key, validUntil: until, reminderDays: reminderDays, afterMs: nowMs) {
                zadd.append(String(step.dueMs))
                zadd.append(step.member)
            }
            commands.append(zadd)
        }
        return commands
    }
}
