import JobQueue
import RedisClient

/// The accepted students of one delivery of an import, written to a scratch set before the
/// commit, so that the commit moves them into the roster in one step instead of carrying
/// 100,000 SADD arguments through the commit script (measured: the script's SADDs took 70–130 ms
/// of Redis time for 100,000 IDs; plain pipelined SADDs about 50 ms, and RENAME is O(1)).
///
/// The scratch key carries a random token, so two deliveries of the same job (a worker presumed
/// dead and its job claimed by another) never write the same set; it expires after an hour, so
/// a delivery that dies before its commit leaves nothing behind for long. The commit is guarded
/// by the set's existence, and by the class's `rosterVersion`, so the roster it was checked
/// against (empty or not) is the one it joins.
struct StagedRoster {
    static let ttlSeconds = 3_600
    let key: String
    let roster: String
    /// Whether the roster was empty when the rows were checked: then the set simply becomes it.
    let rosterWasEmpty: Bool

    /// SADD in chunks of `ImportEffects.chunk`, then EXPIRE.
    static func writes(_ ids: [String], to key: String) -> [RedisCommand] {
        var commands: [RedisCommand] = []
        commands.reserveCapacity(ids.count / ImportEffects.chunk + 2)
        for start in stride(from: 0, to: ids.count, by: ImportEffects.chunk) {
            var sadd = RedisCommand("SADD", key)
            for id in ids[start..<min(start + ImportEffects.chunk, ids.count)] { sadd.append(id) }
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
