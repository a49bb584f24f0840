import JobQueue
import RedisClient
import TrainingDomain

/// The question another workflow asks of a roster (the training workflow: may this student's
/// learning time or scores be recorded in this class?): is the student on it, and with what
/// record. Read in the caller's own round trip (``command``), answered with the guard that
/// pins the student's entry, so a student added or removed meanwhile makes the caller's job
/// run again. Made by ``ClassQuery/student(classId:idNumber:prefix:)``.
public struct StudentQuery: Sendable, Equatable {
    public let classId: String
    public let idNumber: String
    /// `{p}:class:{classId}:students`.
    public let key: String

    /// `HGET {p}:class:{classId}:students {idNumber}`.
    public var command: RedisCommand { RedisCommand("HGET", key, idNumber) }

    /// The answer to ``command``'s reply. Throws for an error reply or a value that is not a
    /// roster entry.
    public func answer(_ reply: RedisReply) throws -> RosterStanding {
        try reply.throwingServerError()
        let text = reply.string
        let entry = try text.map { text throws(RosterEntryError) in try RosterEntry(idNumber: idNumber, json: text) }
        return RosterStanding(entry: entry, guarded: Guard(key: key, field: idNumber, expected: text ?? ""))
    }
}

/// A student's place on a roster, as another workflow sees it.
public struct RosterStanding: Sendable, Equatable {
    /// The roster entry; nil when the student is not on the roster.
    public let entry: RosterEntry?
    /// Pins the entry as read (absent stays absent, present stays the same value).
    public let guarded: Guard

    public var isEnrolled: Bool { entry != nil }
}
