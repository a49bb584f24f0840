import RedisClient

extension Lane {
    /// Steps one delivery may apply before it counts as a failed attempt (a handler that keeps
    /// stepping is a bug, not progress).
    static let maxSteps = 4

    /// Applies a job's step (``JobOutcome/step(_:effects:guards:)``) now, alone, then handles the
    /// job again on fresh reads: after an applied step, a failed guard (a conflict) or a result
    /// found (the re-run's commit then acknowledges the entry). A step Redis refuses counts as a
    /// failed attempt.
    func commitStep(_ entry: StreamEntry, job: Job, outcome: JobOutcome, conflicts: Int, steps: Int, now: Int64, started: UInt64) throws(RedisError) {
        try flush()
        var reply = try connection.pipeline([try runtime.finisher.stepCommand(job: job, outcome: outcome, on: connection)])[0]
        if reply.isNoScript {
            try connection.load(JobFinisher.step)
            reply = try connection.pipeline([try runtime.finisher.stepCommand(job: job, outcome: outcome, on: connection)])[0]
        }
        switch reply {
        case .integer(1), .integer(0):
            runtime.metrics.increment("steps")
            guard steps < Self.maxSteps else {
                try fail(entry, envelope: job.envelope, attempt: job.attempt, error: "the handler kept returning steps (\(steps + 1))", now: now, started: started)
                return
            }
            try handle(entry, conflicts: conflicts, steps: steps + 1)
        case .integer(-1):
            runtime.metrics.increment("conflicts")
            guard conflicts < Self.maxConflicts else {
                try fail(entry, envelope: job.envelope, attempt: job.attempt, error: "state kept changing under this job (\(conflicts + 1) conflicts)", now: now, started: started)
                return
            }
            try handle(entry, conflicts: conflicts + 1, steps: steps)
        default:
            runtime.logger.error("Redis refused a job's step", ["jobId": .string(job.id), "entryId": .string(entry.id), "reply": .string(String(describing: reply))])
            try fail(entry, envelope: job.envelope, attempt: job.attempt, error: "Redis refused the job's step: \(reply)", now: now, started: started)
        }
    }
}
