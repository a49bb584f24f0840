import Synchronization

/// Finds the current primary by asking the Sentinels (`SENTINEL get-master-addr-by-name`), as
/// Redis's guide for Sentinel clients says: one Sentinel after another until one names it, the
/// one that answered tried first next time. The caller then checks the address with `ROLE`
/// (a Sentinel may not have seen a failover yet) and asks again if it is not the primary.
enum SentinelDiscovery {
    /// Sentinel set (its description) → the index of the Sentinel that answered last.
    private static let preferred = Mutex<[String: Int]>([:])

    /// Makes the Sentinel at `index` the first one asked (it has just announced a switch).
    static func prefer(_ index: Int, of sentinel: SentinelConfiguration) {
        preferred.withLock { $0[sentinel.description] = index }
    }

    static func primary(of sentinel: SentinelConfiguration, connectTimeoutMs: Int, commandTimeoutMs: Int) throws(RedisError) -> SentinelConfiguration.Address {
        let key = sentinel.description
        let first = preferred.withLock { $0[key] ?? 0 } % sentinel.sentinels.count
        var failures: [String] = []
        for step in 0..<sentinel.sentinels.count {
            let index = (first + step) % sentinel.sentinels.count
            let address = sentinel.sentinels[index]
            do {
                let config = RedisConfiguration(host: address.host, port: address.port, user: sentinel.user, password: sentinel.password,
                                                connectTimeoutMs: connectTimeoutMs, commandTimeoutMs: commandTimeoutMs)
                let connection = try RedisConnection(config)
                defer { connection.close() }
                let reply = try connection.send("SENTINEL", "get-master-addr-by-name", sentinel.masterName)
                guard let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].int else {
                    failures.append("\(address): does not know '\(sentinel.masterName)'")
                    continue
                }
                if index != first { preferred.withLock { $0[key] = index } }
                return SentinelConfiguration.Address(host: host, port: port)
            } catch {
                failures.append("\(address): \(error.message)")
            }
        }
        throw RedisError(.connection, "no Sentinel named the primary '\(sentinel.masterName)': \(failures.joined(separator: "; "))")
    }
}

extension RedisReply {
    /// True for the error replies that mean this server is no longer (or not yet) the primary:
    /// `READONLY` (a replica, e.g. the old primary after a failover) and `MASTERDOWN` (a replica
    /// that lost its primary). The connection must be made anew, to the primary Sentinel names.
    public var meansPrimaryMoved: Bool {
        guard case .error(let message) = self else { return false }
        return message.hasPrefix("READONLY") || message.hasPrefix("MASTERDOWN") || message.contains("READONLY You can't write")
    }

    /// The message of an error reply by which Redis refuses writes for now while reads go on:
    /// `OOM` (maxmemory reached with `noeviction`), `NOREPLICAS` (fewer replicas than
    /// `min-replicas-to-write`), `MISCONF` (its last snapshot failed). Nothing to retry at once.
    public var writeRefusal: String? {
        guard case .error(let message) = self else { return nil }
        if message.hasPrefix("OOM") || message.contains("OOM command not allowed") || message.hasPrefix("NOREPLICAS") || message.hasPrefix("MISCONF") {
            return message
        }
        return nil
    }
}

extension RedisError {
    /// True when Redis refused a write for a while (see ``RedisReply/writeRefusal``).
    public var refusesWrites: Bool { kind == .server && RedisReply.error(message).writeRefusal != nil }

    /// True when the refusal is `OOM` (maxmemory reached).
    public var isOutOfMemory: Bool { kind == .server && (message.hasPrefix("OOM") || message.contains("OOM command not allowed")) }
}
