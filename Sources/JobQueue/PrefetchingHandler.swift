import RedisClient

/// A handler for the busiest message types, whose jobs are handled in bulk without losing their
/// guarantees. Before a lane handles a fetched batch, it asks each such handler for its job's
/// plan (``plan(_:keys:)``: the reads the job needs), sends the reads of the whole batch in one
/// round trip (each distinct command once), and hands every job its plan and replies
/// (``handle(_:plan:replies:context:)``). Its commits, guarded or not, then travel together in
/// the lane's batch script.
///
/// What the handler must promise:
/// - its reads are a snapshot taken before the batch, so its commit carries guards on everything
///   it relies on; a failed guard leaves that one job unapplied, and the lane runs it again after
///   the batch's flush, this time through ``JobHandler/handle(_:context:)``, which reads fresh;
/// - its own effects never change what it reads (so the jobs of one batch cannot invalidate one
///   another's snapshot); a business key that must count once (not the job id) is taken with a
///   ``Claim``, which the script checks per job, in order.
public protocol PrefetchingHandler: JobHandler {
    /// The reads `job` needs (none when its payload is refused as it stands), and what the handler
    /// worked out to name them, handed back with their replies.
    func plan(_ job: Job, keys: QueueKeys) -> PrefetchPlan

    /// Handles `job` with its plan and the replies of the plan's reads (error replies included, in order).
    func handle(_ job: Job, plan: PrefetchPlan, replies: [RedisReply], context: JobContext) throws -> JobOutcome
}

/// One job's reads, and what its handler worked out to name them (its decoded payload), so that
/// the payload is read once per job.
public struct PrefetchPlan: Sendable {
    /// Read-only commands, in the order their replies are handed back.
    public var reads: [RedisCommand]
    /// The handler's own: handed back as it was given.
    public var note: (any Sendable)?

    public init(reads: [RedisCommand], note: (any Sendable)? = nil) {
        self.reads = reads
        self.note = note
    }
}

extension PrefetchingHandler {
    /// One job alone (a re-run after a conflict, or a job handled outside a batch): reads now.
    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        let plan = plan(job, keys: context.keys)
        return try handle(job, plan: plan, replies: plan.reads.isEmpty ? [] : context.read(plan.reads), context: context)
    }
}
