import ClassQueries
import JobQueue
import RedisClient
import TrainingDomain

/// The roster one delivery of an import commits, written to a scratch hash before the commit:
/// the roster's entries as read plus the students the delivery accepts (``RosterEntry`` JSON),
/// so that the commit RENAMEs it onto the roster in one step instead of carrying 100,000
/// fields through the commit script (measured: the script's SADDs took 70–130 ms of Redis
/// time for 100,000 IDs; plain pipelined writes about 50 ms, and RENAME is O(1)). Redis has no
/// union of hashes, so the roster's own entries are staged too: the commit's `rosterVersion`
/// guard proves the roster is still the one read. The scratch-key protocol (the token, the
/// DEL at staging start, the expiry, the commit's guards) and why it is safe:
/// docs/import-staging.md.
struct StagedRoster {
    static let ttlSeconds = 3_600
    /// Entries per HSET.
    static let chunk = 1_000
    let key: String
    let roster: String

    /// The token of a delivery's scratch keys: FNV-1a of the consumer, the stream entry and the
    /// attempt (why: docs/import-staging.md, "The token").
    static func token(worker: String, job: Job) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(worker)|\(job.entryId)|\(job.attempt)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 36)
    }

    /// The roster as read plus the `count` accepted students in the scratch hash `key`: already
    /// there through `stager` (checked: all of them; `accepted` is then empty, the scan handed
    /// them over as it found them), or written now from `accepted`; nil when none is accepted
    /// (the stager's hash, if any, deleted). Throws ``StagingFailed`` (a retry, not a broken lane
    /// connection).
    static func stage(_ accepted: [StudentRecord], count: Int, existing: [(String, String)], encoder: RosterEntry.Encoder, key: String,
                      stager: RosterStager?, context: JobContext, roster: String) throws -> StagedRoster? {
        do {
            guard count > 0 else {
                _ = try stager?.finish(keep: false)
                return nil
            }
            if let stager {
                let staged = try stager.finish(keep: true)
                guard staged == count else { throw StagingFailed(reason: "staged \(staged) of \(count) accepted students") }
            } else {
                guard accepted.count == count else { throw StagingFailed(reason: "\(accepted.count) of \(count) accepted students kept") }
                var buffer = RedisProtocolBuffer()
                first(existing, key: key, into: &buffer)
                hset(accepted, encoder: encoder, to: key, into: &buffer)
                buffer.append(expire(key))
                try context.writeScratch(buffer)
            }
        } catch let error as StagingFailed {
            throw error
        } catch {
            throw StagingFailed(reason: String(describing: error))
        }
        return StagedRoster(key: key, roster: roster)
    }

    /// The start of the staging: DEL (what an earlier run of the same delivery staged), then
    /// the roster's entries as read.
    static func first(_ existing: [(String, String)], key: String, into buffer: inout RedisProtocolBuffer) {
        buffer.append(RedisCommand("DEL", key))
        for start in stride(from: 0, to: existing.count, by: chunk) {
            buffer.append(.hset(key, existing[start..<min(start + chunk, existing.count)]))
        }
    }

    /// HSET of the students' entries, `chunk` a command, written as the protocol's bytes: the
    /// JSON of each straight into the command (an import's 100,000 of them).
    static func hset(_ records: [StudentRecord], encoder: RosterEntry.Encoder, to key: String, into buffer: inout RedisProtocolBuffer) {
        records.withUnsafeBufferPointer { records in
            for start in stride(from: 0, to: records.count, by: chunk) {
                let end = min(start + chunk, records.count)
                buffer.begin(arguments: 2 + 2 * (end - start))
                buffer.append("HSET")
                buffer.append(key)
                // Validated students need no escaping: every ID and JSON copied in place, their
                // lengths known first. Anything else is written escaped, one argument at a time.
                let slice = UnsafeBufferPointer(rebasing: records[start..<end])
                if !encoder.appendPlainArguments(of: slice, to: &buffer) {
                    for record in slice {
                        buffer.append(record.idNumber)
                        buffer.appendArgument { encoder.write(record, to: &$0) }
                    }
                }
            }
        }
    }

    /// The staged hash's expiry, set with its first students.
    static func expire(_ key: String) -> RedisCommand { RedisCommand("EXPIRE", key, String(ttlSeconds)) }

    /// The commit's guard: the staged hash is still there.
    var guarded: Guard { .exists(key) }

    /// The commit's effects: RENAME onto the roster, and PERSIST (RENAME keeps the scratch key's
    /// expiry).
    var moveToRoster: [RedisCommand] { [RedisCommand("RENAME", key, roster), RedisCommand("PERSIST", roster)] }
}

/// The accepted students could not be staged (Redis refused, or the scratch connection broke):
/// the job is tried again.
struct StagingFailed: Error, CustomStringConvertible {
    let reason: String
    var description: String { "staging the accepted students failed: \(reason)" }
}
