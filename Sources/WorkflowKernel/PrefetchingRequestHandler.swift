import JobQueue
import RedisClient

/// A ``RequestHandler`` for the busiest message types: the runtime reads for a whole fetched
/// batch at once (`PrefetchingHandler`) and commits the batch in one script. The handler names
/// the reads a valid request needs, then decides from their replies: a snapshot taken before
/// the batch, so the outcome guards everything the decision relied on (a guard that fails makes
/// the runtime handle the job again, reading fresh), and its effects never change what it reads.
/// The payload is decoded once, when the plan is made; one that does not decode needs no read
/// and ends `validation_failed`, as for every request handler.
public protocol PrefetchingRequestHandler: RequestHandler, PrefetchingHandler where Request: Sendable {
    /// The read-only commands a valid request needs, in the order ``handle(_:prefetched:job:context:)`` gets their replies.
    func reads(for request: Request, keys: QueueKeys) -> [RedisCommand]
    /// Decides a valid request from the replies of its reads.
    func handle(_ request: Request, prefetched: [RedisReply], job: Job, context: JobContext) throws -> JobOutcome
}

extension PrefetchingRequestHandler {
    /// The decoded request (or its field errors) travels in the plan's note.
    public func plan(_ job: Job, keys: QueueKeys) -> PrefetchPlan {
        switch decode(job.payload) {
        case .success(let request): return PrefetchPlan(reads: reads(for: request, keys: keys), note: request)
        case .failure(let invalid): return PrefetchPlan(reads: [], note: invalid)
        }
    }

    public func handle(_ job: Job, plan: PrefetchPlan, replies: [RedisReply], context: JobContext) throws -> JobOutcome {
        if let request = plan.note as? Request { return try handle(request, prefetched: replies, job: job, context: context) }
        let invalid = plan.note as? ValidationErrors
            ?? ValidationErrors([FieldError(field: "payload", code: "field.type", message: "the payload was not decoded")])
        return .validationFailed(invalid, payload: job.payload, entityField: entityField)
    }

    /// One job alone (a re-run after a conflict): reads now, through the context.
    public func handle(_ request: Request, job: Job, context: JobContext) throws -> JobOutcome {
        try handle(request, prefetched: context.read(reads(for: request, keys: context.keys)), job: job, context: context)
    }

    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        switch decode(job.payload) {
        case .success(let request): return try handle(request, job: job, context: context)
        case .failure(let invalid): return .validationFailed(invalid, payload: job.payload, entityField: entityField)
        }
    }
}
