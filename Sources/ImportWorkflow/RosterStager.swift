import ClassQueries
import Foundation
import RedisClient
import Synchronization
import TrainingDomain

/// Writes an import's accepted students to the delivery's scratch hash (``StagedRoster``) on a
/// thread and connection of its own while the file is still being read and validated, so that
/// Redis adds them (and this thread writes their JSON) while the worker's other threads work,
/// not after: for a 100,000-row file about 50 ms of writes that the job no longer waits for at
/// the end. Its first round trip also stages the roster's entries as read. Each ``add(_:)``
/// becomes one HSET, written as the protocol's bytes; ``finish(keep:)`` waits for the last
/// reply. Its part in the protocol:
/// docs/import-staging.md.
final class RosterStager: Sendable {
    let key: String
    private let existing: [(String, String)]
    private let encoder: RosterEntry.Encoder
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Commands sent before the first students (the enrolment index's reads), and their replies.
    private let readAhead: [RedisCommand]
    private let readAheadResult = Mutex<Result<[RedisReply], RedisError>?>(nil)
    private let readAheadDone = DispatchSemaphore(value: 0)

    private struct Queue {
        var chunks: [[StudentRecord]] = []
        var ended = false
        var keep = true
        var staged = 0
        var failure: RedisError?
    }

    /// Starts the thread; `connection` is its own until ``finish(keep:)`` returns. `existing`:
    /// the roster's entries as read, staged with the first students. `readAhead`: commands sent
    /// first, in one round trip, whose replies ``readAheadReplies()`` gives.
    init(key: String, existing: [(String, String)], encoder: RosterEntry.Encoder, connection: RedisConnection,
         readAhead: [RedisCommand] = []) {
        self.key = key
        self.existing = existing
        self.encoder = encoder
        self.readAhead = readAhead
        let thread = Thread { [self] in
            if !readAhead.isEmpty {
                let result = Result { () throws(RedisError) in try connection.pipeline(readAhead) }
                readAheadResult.withLock { $0 = result }
            }
            readAheadDone.signal()
            run(connection)
            done.signal()
        }
        thread.name = "import-staging"
        thread.start()
    }

    /// The replies of the `readAhead` commands (nil without any), once they are in; throws what
    /// the connection threw (the staging then fails too).
    func readAheadReplies() throws(RedisError) -> [RedisReply]? {
        readAheadDone.wait()
        readAheadDone.signal()
        return try readAheadResult.withLock { result throws(RedisError) in try result?.get() }
    }

    /// Queues students to add (in the order accepted).
    func add(_ records: [StudentRecord]) {
        guard !records.isEmpty else { return }
        queue.withLock { $0.chunks.append(records) }
        ready.signal()
    }

    /// Waits until every queued student is in the hash, then, unless `keep`, deletes the hash.
    /// Returns how many students were added; throws the first error Redis or the connection gave.
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

    /// Stops staging and deletes the hash; the error, if that failed (the hash then expires).
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
        // One request in flight: each handover's HSETs are written while Redis takes the one
        // before (measured: a round trip each left the stager behind the CSV scan at its end),
        // and never more, or the HSETs queue up in Redis ahead of the reader's GETRANGEs and the
        // whole import takes longer (measured).
        var inFlight: (commands: Int, students: Int)?
        func settle() {
            guard let (commands, students) = inFlight else { return }
            inFlight = nil
            record(students) { () throws(RedisError) in try connection.replies(commands) }
        }
        while true {
            ready.wait()
            let (chunks, ended, keep) = queue.withLock { state in
                defer { state.chunks.removeAll() }
                return (state.chunks, state.ended, state.keep)
            }
            for records in chunks where queue.withLock({ $0.failure == nil }) {
                var buffer = RedisProtocolBuffer(capacity: 64 + records.count * 192)
                // The first HSET goes after a DEL of what an earlier run of this delivery staged,
                // and the roster's entries as read.
                if first { StagedRoster.first(existing, key: key, into: &buffer) }
                StagedRoster.hset(records, encoder: encoder, to: key, into: &buffer)
                if first { buffer.append(StagedRoster.expire(key)) }
                first = false
                settle()
                guard queue.withLock({ $0.failure == nil }) else { break }
                do {
                    try connection.write(buffer)
                    inFlight = (buffer.commands, records.count)
                } catch {
                    queue.withLock { if $0.failure == nil { $0.failure = error } }
                }
            }
            if ended {
                settle()
                if !keep { record(0) { () throws(RedisError) in try connection.pipeline([RedisCommand("DEL", key)]) } }
                return
            }
        }
    }

    private func record(_ count: Int, _ receive: () throws(RedisError) -> [RedisReply]) {
        do {
            for reply in try receive() { try reply.throwingServerError() }
            queue.withLock { $0.staged += count }
        } catch {
            queue.withLock { if $0.failure == nil { $0.failure = error } }
        }
    }
}
