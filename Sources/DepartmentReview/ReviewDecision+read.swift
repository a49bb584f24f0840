import JobQueue
import RedisClient
import WorkflowKernel

extension ReviewDecision {
    /// What a decision's handler reads in one round trip: the hash of the state decided on
    /// (`stateKey`) and the deciding reviewer's (`reviewerKey`). Returns the state's fields, the
    /// reviewer (nil when not registered), and the guards that pin the reviewer's department and
    /// active flag, so a reviewer changed meanwhile makes the decision run again.
    public func read(state stateKey: String, reviewer reviewerKey: String, context: JobContext) throws
        -> (state: [String: String], reviewer: ReviewerRecord?, reviewerGuards: [Guard]) {
        let replies = try context.read([RedisCommand("HGETALL", stateKey), RedisCommand("HGETALL", reviewerKey)])
        for reply in replies { try reply.throwingServerError() }
        let reviewer = ReviewerRecord(reviewerId: reviewerId, fields: replies[1].fieldMap)
        return (replies[0].fieldMap, reviewer, ReviewerRecord.guards(reviewer, key: reviewerKey))
    }
}
