import JobQueue
import RedisClient

extension ClassQuery {
    /// When the class was created (see ``ClassOpeningLookup``).
    public static func opening(classId: String, keys: QueueKeys) -> ClassOpeningLookup {
        ClassOpeningLookup(classId: classId, key: auditKey(classId, prefix: keys.prefix))
    }
}

/// When a class was created (开班时间, printed on its e-certificate): the time of the first entry
/// of its audit trail, which `class.created` writes (`action` `created`) and nothing rewrites.
public struct ClassOpeningLookup: Sendable {
    public let classId: String
    /// `{p}:audit:class:{classId}`.
    public let key: String

    /// `XRANGE key - + COUNT 1`: the trail's first entry.
    public var command: RedisCommand { RedisCommand("XRANGE", key, "-", "+", "COUNT", 1) }

    /// The creation's time (ms since the epoch): the first entry's `at`, else its stream id's
    /// time. Throws for an error reply or a class without a trail (a hash written by hand): the
    /// job is retried, then dead, never given an invented date.
    public func answer(_ reply: RedisReply) throws -> Int64 {
        try reply.throwingServerError()
        guard let first = reply.array?.first, let parts = first.array, parts.count == 2, let id = parts[0].string else {
            throw ClassStateError(message: "class \(classId) has no audit trail: its creation time is unknown")
        }
        if let at = parts[1].fieldMap["at"].flatMap(Timestamp.parseRFC3339) { return at }
        guard let ms = id.split(separator: "-").first.flatMap({ Int64($0) }) else {
            throw ClassStateError(message: "class \(classId): the audit entry id \(id) is not a stream id")
        }
        return ms
    }
}
