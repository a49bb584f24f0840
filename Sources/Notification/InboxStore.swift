import RedisClient

/// An institution's message centre (消息中心) for operators and `vtctl inbox`: entries of
/// `{p}:inbox:{institutionId}` with their read state from `{p}:inbox:{institutionId}:read`
/// (a set of read entry ids; `markAllRead` replaces it with the current ids, so it never holds
/// more ids than the capped stream).
public struct InboxStore {
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let fields: [String: String]
        public let read: Bool
    }

    public let keys: NotificationKeys
    public let connection: RedisConnection

    public init(keys: NotificationKeys, connection: RedisConnection) {
        self.keys = keys
        self.connection = connection
    }

    /// Newest first, at most `limit`.
    public func list(_ institutionId: String, unreadOnly: Bool = false, limit: Int = 50) throws -> [Entry] {
        let replies = try connection.pipeline([
            RedisCommand("XREVRANGE", keys.inbox(institutionId), "+", "-"),
            RedisCommand("SMEMBERS", keys.inboxRead(institutionId)),
        ])
        let read = Set((try replies[1].throwingServerError().array ?? []).compactMap(\.string))
        let entries: [Entry] = (try replies[0].throwingServerError().array ?? []).compactMap { item in
            guard let pair = item.array, pair.count == 2, let id = pair[0].string else { return nil }
            return Entry(id: id, fields: pair[1].fieldMap, read: read.contains(id))
        }
        return Array(entries.filter { !unreadOnly || !$0.read }.prefix(limit))
    }

    /// Marks one entry read; false when the inbox has no such entry.
    public func markRead(_ institutionId: String, entryId: String) throws -> Bool {
        let found = try connection.send("XRANGE", keys.inbox(institutionId), entryId, entryId).array ?? []
        guard !found.isEmpty else { return false }
        try connection.send("SADD", keys.inboxRead(institutionId), entryId)
        return true
    }

    /// Marks every current entry read; returns how many were unread.
    public func markAllRead(_ institutionId: String) throws -> Int {
        let entries = try list(institutionId, limit: Int.max)
        guard !entries.isEmpty else { return 0 }
        var add = RedisCommand("SADD", keys.inboxRead(institutionId))
        for e in entries { add.append(e.id) }
        let replies = try connection.pipeline([RedisCommand("MULTI"), RedisCommand("DEL", keys.inboxRead(institutionId)), add, RedisCommand("EXEC")])
        for r in replies { _ = try r.throwingServerError() }
        return entries.filter { !$0.read }.count
    }
}

/// Reads and writes `{p}:contact:{institutionId}`.
public struct ContactStore {
    public let keys: NotificationKeys
    public let connection: RedisConnection

    public init(keys: NotificationKeys, connection: RedisConnection) {
        self.keys = keys
        self.connection = connection
    }

    public func get(_ institutionId: String) throws -> ContactPreferences {
        ContactPreferences(fields: try connection.send("HGETALL", keys.contact(institutionId)).throwingServerError().fieldMap)
    }

    public func put(_ institutionId: String, _ prefs: ContactPreferences) throws {
        _ = try connection.send(.hset(keys.contact(institutionId), prefs.fields)).throwingServerError()
    }
}
