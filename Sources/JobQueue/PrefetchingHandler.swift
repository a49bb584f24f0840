import RedisClient

/// A handler for the busiest message types, whose jobs are handled in bulk without losing their
/// guarantees. Before a lane handles a fetched batch, it asks each such handler for the reads its
/// job needs (``reads(for:keys:)``), sends the reads of the whole batch in one round trip (each
/// distinct command once), and hands every job its replies (``handle(_:prefetched:context:)``).
/// Its commits, guarded or not, then travel together in the lane's batch script.
///
/// What the handler must promise:
/// - its reads are a snapshot taken before the batch, so its commit carries guards on everything
///   it relies on; a failed guard leaves that one job unapplied, and the lane runs it again after
///   the batch's flush, this time through ``JobHandler/handle(_:context:)``, which reads fresh;
/// - its own effects never change what it reads (so the jobs of one batch cannot invalidate one
///   another's snapshot); a business key that must count once (not the job id) is taken with a
///   ``Claim``, which the script checks per job, in order.
public protocol PrefetchingHandler: JobHandler {
    /// The read-only commands `job` needs, in the order their replies are handed back. Empty when
    /// the payload does not read (it is refused from the payload alone).
    func reads(for job: Job, keys: QueueKeys) -> [RedisCommand]

    /// Handles `job` with the replies of ``reads(for:keys:)`` (error replies included, in order).
    func handle(_ job: Job, prefetched: [RedisReply], context: JobContext) throws -> JobOutcome
}

extension PrefetchingHandler {
    /// One job alone (a re-run after a conflict, or a job handled outside a batch): reads now.
    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        let commands = reads(for: job, keys: context.keys)
        return try handle(job, prefetched: commands.isEmpty ? [] : context.read(commands), context: context)
    }
}
