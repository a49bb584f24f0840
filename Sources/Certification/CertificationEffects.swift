import CertificationQueries
import DepartmentReview
import JobQueue
import RedisClient
import WorkflowKernel

/// Turns a transition into the Redis writes the runtime applies atomically with the job's result:
/// the institution hash, the licence and phone indexes, the department review sets, the audit
/// entry, the notification job and the event (`WorkflowEffects`). Pure: same transition, same commands.
public struct CertificationEffects: Sendable {
    public let keys: CertificationKeys
    /// The worker these effects come from (the notification job's producer).
    public static let producer = "certification-worker"

    public init(keys: CertificationKeys) { self.keys = keys }

    /// Every write of `transition`, caused by `job` at `nowMs`.
    public func commands(for transition: CertificationTransition, job: Job, nowMs: Int64) -> [RedisCommand] {
        let (before, after) = (transition.before, transition.after)
        let id = after.institutionId
        var commands = WorkflowEffects.replace(hash: keys.institution(id), with: after.fields)
        commands += indexCommands(keys.licenseIndex, id: id, before: before.heldLicenses, after: after.heldLicenses)
        commands += indexCommands(keys.phoneIndex, id: id, before: before.heldPhones, after: after.heldPhones)
        if before.pending != nil, let department = before.departmentId, after.pending == nil || after.departmentId != department {
            commands.append(RedisCommand("ZREM", keys.reviewSet(department), id))
        }
        if after.pending != nil, let department = after.departmentId {
            commands.append(RedisCommand("ZADD", keys.reviewSet(department), String(after.submittedAtMs ?? nowMs), id))
        }
        commands += WorkflowEffects(keys: keys.queue, producer: Self.producer)
            .tail(audit: transition.audit, to: keys.audit(id), notification: transition.notification, event: transition.event, job: job, nowMs: nowMs)
        return commands
    }

    /// Entries released (held before, not after) and claimed (held after, not before).
    private func indexCommands(_ index: String, id: String, before: Set<String>, after: Set<String>) -> [RedisCommand] {
        var commands: [RedisCommand] = []
        for value in before.subtracting(after).sorted() { commands.append(RedisCommand("HDEL", index, value)) }
        for value in after.subtracting(before).sorted() { commands.append(RedisCommand("HSET", index, value, id)) }
        return commands
    }
}
