import Foundation
import RedisClient

/// Enqueues jobs and reads their outcomes: what a producer (the platform, vtctl, tests) does.
public struct JobProducer: Sendable {
    public let keys: QueueKeys

    public init(keys: QueueKeys) { self.keys = keys }

    /// The XADD that enqueues `envelope` on `queue`.
    public func enqueueCommand(_ envelope: JobEnvelope, queue: String) -> RedisCommand {
        RedisCommand("XADD", keys.queue(queue), "*", "job", envelope.jsonString)
    }

    /// The XADD that enqueues raw bytes as the `job` field (for malformed-input tests and replays).
    public func enqueueRawCommand(_ job: [UInt8], queue: String) -> RedisCommand {
        RedisCommand("XADD", keys.queue(queue), "*", "job", job)
    }

    /// Enqueues one job; returns the stream entry id.
    @discardableResult
    public func enqueue(_ envelope: JobEnvelope, queue: String, on connection: RedisConnection) throws(RedisError) -> String {
        try connection.send(enqueueCommand(envelope, queue: queue)).string ?? ""
    }

    /// The outcome hash of a job, empty if it has not finished.
    public func result(of jobId: String, on connection: RedisConnection) throws(RedisError) -> [String: String] {
        try connection.send("HGETALL", keys.result(jobId)).fieldMap
    }

    /// Polls for a job's outcome until it exists or `timeoutMs` passes (then returns empty).
    public func waitForResult(of jobId: String, timeoutMs: Int, on connection: RedisConnection) throws(RedisError) -> [String: String] {
        let deadline = SystemClock().nowMs() + Int64(timeoutMs)
        var delayUs: UInt32 = 2_000
        while true {
            let r = try result(of: jobId, on: connection)
            if !r.isEmpty || SystemClock().nowMs() >= deadline { return r }
            usleep(delayUs)
            delayUs = min(delayUs * 2, 100_000)
        }
    }
}
