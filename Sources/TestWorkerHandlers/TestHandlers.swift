import Foundation
import JobQueue
import RedisClient

/// Handlers of the runtime's own test and benchmark queues. They exercise every path of the
/// runtime (effects, transient failures, slow jobs, crashes) without any domain logic. They live
/// beside the test worker, not in JobQueue: `test.count` can end the process (`crash`), which no
/// production worker may link.
public enum TestHandlers {
    /// `test.count`: records its own application with `HINCRBY {p}:test:applied {jobId} 1`, so a
    /// test can prove each job was applied exactly once. Payload options: `sleepMs` (a slow job),
    /// `failUntilAttempt` (throws a transient error before that attempt), `crash` (the process
    /// exits mid-job, as if killed).
    public static let count = ClosureHandler { job, context in
        let p = job.payload
        if let ms = p["sleepMs"]?.intValue, ms > 0 { usleep(useconds_t(min(ms, 60_000) * 1_000)) }
        if let until = p["failUntilAttempt"]?.intValue, job.attempt < until {
            throw TransientJobError("simulated failure on attempt \(job.attempt)")
        }
        if p["crash"]?.boolValue == true { exit(137) }
        return .done("applied", "counted", effects: [
            RedisCommand("HINCRBY", "\(context.keys.prefix):test:applied", job.id, 1),
        ])
    }

    /// `bench.noop`: does nothing but finish.
    public static let noop = ClosureHandler { _, _ in .done("done", "ok") }

    /// `bench.small`: one state write and one event, like a small real job.
    public static let small = ClosureHandler { job, context in
        let key = "\(context.keys.prefix):bench:state:\((job.payload["n"]?.intValue ?? 0) % 1000)"
        return .done("done", "ok", effects: [
            RedisCommand("HSET", key, "last", job.id),
            RedisCommand("XADD", "\(context.keys.prefix):bench:events", "MAXLEN", "~", 100_000, "*", "event", job.id),
        ])
    }

    /// The `test` queue: `test.count`.
    public static var testQueue: QueueSpec { QueueSpec(name: "test", handlers: ["test.count": count]) }
    /// The `bench` queue: `bench.noop` and `bench.small`.
    public static var benchQueue: QueueSpec { QueueSpec(name: "bench", handlers: ["bench.noop": noop, "bench.small": small]) }
}
