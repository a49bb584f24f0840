import JobQueue
import RedisClient

/// The accepted students of one delivery of an import, written to a scratch set before the
/// commit, so that the commit moves them into the roster in one step instead of carrying
/// 100,000 SADD arguments through the commit script (measured: the script's SADDs took 70–130 ms
/// of Redis time for 100,000 IDs; plain pipelined SADDs about 50 ms, and RENAME is O(1)).
/// The scratch-key protocol (the token, the DEL at staging start, the expiry, the commit's
/// guards) and why it is safe: docs/import-staging.md.
struct StagedRoster {
    static let ttlSeconds = 3_600
    /// IDs per SADD.
    static let chunk = 1_000
    let key: String
    let roster: String
    /// Whether the roster was empty when the rows were checked: then the set simply becomes it.
    let rosterWasEmpty: Bool

    /// The token of a delivery's scratch keys: FNV-1a of the consumer, the stream entry and the
    /// attempt (why: docs/import-staging.md, "The token").
    static func token(worker: String, job: Job) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(worker)|\(job.entryId)|\(job.attempt)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 36)
    }

    /// The accepted IDs in the scratch set `key`: already there through `stager` (checked: all of
    /// them), or written now; nil when none is accepted (the stager's set, if any, deleted).
    /// Throws ``StagingFailed`` (a retry, not a broken lane connection).
    static func stage(_ ids: [String], key: String, stager: RosterStager?, context: JobContext,
                      roster: String, rosterWasEmpty: Bool) throws -> StagedRoster? {
        do {
            guard !ids.isEmpty else {
                _ = try stager?.finish(keep: false)
                return nil
            }
            if let stager {
                let count = try stager.finish(keep: true)
                guard count == ids.count else { throw StagingFailed(reason: "staged \(count) of \(ids.count) accepted IDs") }
            } else {
                try context.writeScratch(writes(ids, to: key))
            }
        } catch let error as StagingFailed {
            throw error
        } catch {
            throw StagingFailed(reason: String(describing: error))
        }
        return StagedRoster(key: key, roster: roster, rosterWasEmpty: rosterWasEmpty)
    }

    /// DEL (what an earlier run of the same delivery staged), SADD in chunks of `chunk`, then EXPIRE.
    static func writes(_ ids: [String], to key: String) -> [RedisCommand] {
        var commands = [RedisCommand("DEL", key)]
        commands.reserveCapacity(ids.count / chunk + 3)
        for start in stride(from: 0, to: ids.count, by: chunk) {
            var sadd = RedisCommand("SADD", key)
            for id in ids[start..<min(start + chunk, ids.count)] { sadd.append(id) }
            commands.append(sadd)
        }
        commands.append(RedisCommand("EXPIRE", key, String(ttlSeconds)))
        return commands
    }

    /// The commit's guard: the staged set is still there.
    var guarded: Guard { .exists(key) }

    /// The commit's effects: RENAME (and PERSIST: RENAME keeps the scratch key's expiry) into an
    /// empty roster, else SUNIONSTORE into it and DEL.
    var moveToRoster: [RedisCommand] {
        rosterWasEmpty
            ? [RedisCommand("RENAME", key, roster), RedisCommand("PERSIST", roster)]
            : [RedisCommand("SUNIONSTORE", roster, roster, key), RedisCommand("DEL", key)]
    }
}

/// The accepted students could not be staged (Redis refused, or the scratch connection broke):
/// the job is tried again.
struct StagingFailed: Error, CustomStringConvertible {
    let reason: String
    var description: String { "staging the accepted students failed: \(reason)" }
}
