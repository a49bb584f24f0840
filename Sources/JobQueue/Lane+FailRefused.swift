import Foundation
import RedisClient

extension Lane {
    /// Ends whose script Redis refused (an effect of the wrong type; not OOM, which `flush` throws
    /// for a backoff): each counts as a failed attempt, so it is retried with backoff and
    /// dead-lettered when attempts run out, instead of looping. A refusal of the retry or dead-letter script itself leaves the entry
    /// pending; it is claimed again once this worker is gone.
    func failRefused(_ refused: [(StreamEntry, String)]) throws(RedisError) {
        guard !refused.isEmpty else { return }
        let now = runtime.clock.nowMs()
        var commands: [RedisCommand] = []
        for (entry, reply) in refused {
            let attempt = entry.previousAttempts + 1
            let error = "Redis refused the job's writes: \(reply)"
            let envelope = entry.raw.flatMap { try? JobEnvelope.decode($0, maxBytes: runtime.config.maxEnvelopeBytes) }
            switch runtime.policy.disposition(afterAttempt: attempt, nowMs: now) {
            case .retry(let dueMs):
                commands.append(try runtime.finisher.retryCommand(entry: entry, jobId: envelope?.id, attempt: attempt, dueMs: dueMs, error: error,
                                                                 nowMs: now, on: connection))
            case .dead(let reason):
                commands.append(try runtime.finisher.deadCommand(entry: entry, jobId: envelope?.id, envelope: envelope, outcome: "retries_exhausted",
                                                                 message: "\(reason); last error: \(error)", errors: [], attempt: attempt,
                                                                 nowMs: now, on: connection))
            }
        }
        for (reply, (entry, _)) in zip(try connection.pipeline(commands), refused) where reply.int == nil {
            runtime.logger.error("could not schedule a retry either; the job stays pending", ["entryId": .string(entry.id), "reply": .string(String(describing: reply))])
        }
        usleep(50_000)
    }
}
