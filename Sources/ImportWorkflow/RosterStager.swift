import Foundation
import RedisClient
import Synchronization

/// Writes an import's accepted ID numbers to the delivery's scratch set (``StagedRoster``) on a
/// thread and connection of its own while the file is still being read and validated, so that
/// Redis adds them while the worker's threads work, not after: for a 100,000-row file about
/// 50 ms of SADDs that the job no longer waits for at the end. Each ``add(_:)`` becomes one SADD;
/// ``finish(keep:)`` waits for the last reply. Its part in the protocol: docs/import-staging.md.
final class RosterStager: Sendable {
    let key: String
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    private struct Queue {
        var chunks: [[String]] = []
        var ended = false
        var keep = true
        var staged = 0
        var failure: RedisError?
    }

    /// Starts the thread; `connection` is its own until ``finish(keep:)`` returns.
    init(key: String, connection: RedisConnection) {
        self.key = key
        let thread = Thread { [self] in
            run(connection)
            done.signal()
        }
        thread.name = "import-staging"
        thread.start()
    }

    /// Queues IDs to add (in the order accepted).
    func add(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        queue.withLock { $0.chunks.append(ids) }
        ready.signal()
    }

    /// Waits until every queued ID is in the set, then, unless `keep`, deletes the set. Returns
    /// how many IDs were added; throws the first error Redis or the connection gave.
    func finish(keep: Bool) throws(RedisError) -> Int {
        queue.withLock {
            $0.ended = true
            $0.keep = keep
        }
        ready.signal()
        done.wait()
        return try queue.withLock { state throws(RedisError) in
            if let failure = state.failure { throw failure }
            return state.staged
        }
    }

    /// Stops staging and deletes the set; the error, if that failed (the set then expires).
    func discard() -> RedisError? {
        do {
            _ = try finish(keep: false)
            return nil
        } catch {
            return error
        }
    }

    private func run(_ connection: RedisConnection) {
        var first = true
        while true {
            ready.wait()
            let (chunks, ended, keep) = queue.withLock { state in
                defer { state.chunks.removeAll() }
                return (state.chunks, state.ended, state.keep)
            }
            for ids in chunks where queue.withLock({ $0.failure == nil }) {
                var sadd = RedisCommand("SADD", key)
                for id in ids { sadd.append(id) }
                // The first SADD goes after a DEL of what an earlier run of this delivery staged.
                let commands = first ? [RedisCommand("DEL", key), sadd, RedisCommand("EXPIRE", key, String(StagedRoster.ttlSeconds))] : [sadd]
                first = false
                record(ids.count) { () throws(RedisError) in try connection.pipeline(commands) }
            }
            if ended {
                if !keep { record(0) { () throws(RedisError) in try connection.pipeline([RedisCommand("DEL", key)]) } }
                return
            }
        }
    }

    private func record(_ count: Int, _ send: () throws(RedisError) -> [RedisReply]) {
        do {
            for reply in try send() { try reply.throwingServerError() }
            queue.withLock { $0.staged += count }
        } catch {
            queue.withLock { if $0.failure == nil { $0.failure = error } }
        }
    }
}
