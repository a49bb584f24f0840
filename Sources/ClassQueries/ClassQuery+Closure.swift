import JobQueue
import RedisClient

extension ClassQuery {
    /// How a class was closed (its e-certificate): what a subsidy claim checks (see ``ClassClosureLookup``).
    public static func closure(classId: String, keys: QueueKeys) -> ClassClosureLookup {
        ClassClosureLookup(classId: classId, key: classKey(classId, prefix: keys.prefix))
    }
}

/// `HMGET` of a class's `closedAt` and `certificateId`, which the e-certificate's commit writes
/// when it closes the class (结班), with the guard that pins the certificate read.
public struct ClassClosureLookup: Sendable {
    public let classId: String
    /// `{p}:class:{classId}`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HMGET", key, "closedAt", "certificateId") }

    public func answer(_ reply: RedisReply) throws -> ClassClosure {
        try reply.throwingServerError()
        let values = (reply.array ?? []).map(\.string)
        let certificateId = values.count > 1 ? values[1] : nil
        return ClassClosure(closedAt: values.first ?? nil, certificateId: certificateId,
                            certificateGuard: Guard(key: key, field: "certificateId", expected: certificateId ?? ""))
    }
}

/// A class's closing, as another workflow sees it: nil fields while it is not closed.
public struct ClassClosure: Sendable, Equatable {
    /// 结班时间, RFC 3339.
    public let closedAt: String?
    /// The e-certificate issued when the class closed.
    public let certificateId: String?
    public let certificateGuard: Guard

    /// The closing time in milliseconds, nil while not closed or unreadable.
    public var closedAtMs: Int64? { closedAt.flatMap(Timestamp.parseRFC3339) }
}
