import JobQueue
import RedisClient
import TrainingDomain

// What the training workflow asks of a class: its status, a student on its roster, the whole
// roster. Each is a command for the caller's own round trip (or a batch's prefetch) and the
// answer to its reply. The roster is kept as a set of ID numbers today; the roster's owner
// switches `StudentLookup` and `RosterLookup` to the contract's hash
// `{p}:class:{classId}:students` (ID number → the student's JSON record, with the name) without
// changing what they answer, and keeps bumping the class's `rosterVersion` on every roster change,
// which `ClassStatus.rosterGuard` pins.
extension ClassQuery {
    /// The class's state, institution and roster version (see ``ClassStatusLookup``).
    public static func status(classId: String, keys: QueueKeys) -> ClassStatusLookup {
        ClassStatusLookup(classId: classId, key: classKey(classId, prefix: keys.prefix))
    }

    /// The whole class record (see ``ClassRecordLookup``).
    public static func record(classId: String, keys: QueueKeys) -> ClassRecordLookup {
        ClassRecordLookup(classId: classId, key: classKey(classId, prefix: keys.prefix))
    }

    /// One student of the class's roster, by ID number (see ``StudentLookup``).
    public static func student(classId: String, idNumber: String, keys: QueueKeys) -> StudentLookup {
        StudentLookup(classId: classId, idNumber: idNumber, key: rosterKey(classId, prefix: keys.prefix))
    }

    /// Every student of the class's roster (see ``RosterLookup``).
    public static func roster(classId: String, keys: QueueKeys) -> RosterLookup {
        RosterLookup(classId: classId, key: rosterKey(classId, prefix: keys.prefix))
    }
}

/// The few fields of a class a learning record needs: `HMGET` of `state`, `institutionId` and
/// `rosterVersion`, with the guards that pin them.
public struct ClassStatusLookup: Sendable {
    public let classId: String
    /// `{p}:class:{classId}`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HMGET", key, "state", "institutionId", "rosterVersion") }

    /// Throws for an error reply or a state that is not a class state (a hash changed by hand).
    public func answer(_ reply: RedisReply) throws -> ClassStatus {
        try reply.throwingServerError()
        let values = (reply.array ?? []).map(\.string)
        let stateText = values.first ?? nil
        var state: ClassState?
        if let stateText {
            guard let known = ClassState(rawValue: stateText) else { throw ClassStateError(message: "class \(classId) has an unknown state \(stateText)") }
            state = known
        }
        let roster = values.count > 2 ? values[2] ?? "" : ""
        return ClassStatus(state: state, institutionId: values.count > 1 ? values[1] : nil,
                           stateGuard: Guard(key: key, field: "state", expected: stateText ?? ""),
                           rosterGuard: Guard(key: key, field: "rosterVersion", expected: roster))
    }
}

/// A class as a learning record or a score sees it.
public struct ClassStatus: Sendable, Equatable {
    /// nil: no such class.
    public let state: ClassState?
    public let institutionId: String?
    /// Pins the state read (a class locked or closed meanwhile makes the caller run again).
    public let stateGuard: Guard
    /// Pins the roster read (a student added or removed meanwhile makes the caller run again).
    public let rosterGuard: Guard

    public var exists: Bool { state != nil }
    /// Both guards: for a commit that relies on the class's state and on its roster.
    public var guards: [Guard] { [stateGuard, rosterGuard] }
}

/// The whole class record (`HGETALL`), with the same guards as ``ClassStatus``.
public struct ClassRecordLookup: Sendable {
    public let classId: String
    /// `{p}:class:{classId}`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HGETALL", key) }

    /// The record (nil: no such class) and the guards. Throws for an error reply or a hash that
    /// is not a class record.
    public func answer(_ reply: RedisReply) throws -> (record: ClassRecord?, status: ClassStatus) {
        try reply.throwingServerError()
        let map = reply.fieldMap
        let record = try ClassRecord(classId: classId, fields: map)
        return (record, ClassStatus(state: record?.state, institutionId: record?.institutionId,
                                    stateGuard: Guard(key: key, field: "state", expected: map["state"] ?? ""),
                                    rosterGuard: Guard(key: key, field: "rosterVersion", expected: map["rosterVersion"] ?? "")))
    }
}

/// A student on a class's roster.
public struct RosterStudent: Sendable, Equatable {
    public let idNumber: String
    /// The name on the roster; nil while the roster keeps only ID numbers (then a name is not checked).
    public let name: String?

    public init(idNumber: String, name: String?) {
        self.idNumber = idNumber
        self.name = name
    }
}

/// Is this ID number on the class's roster? Today `SISMEMBER` of the roster set, which knows no
/// name; the roster's owner turns it into `HGET` of the students hash, whose record has the name.
public struct StudentLookup: Sendable {
    public let classId: String
    public let idNumber: String
    /// The roster key (today `{p}:class:{classId}:roster`).
    public let key: String

    public var command: RedisCommand { RedisCommand("SISMEMBER", key, idNumber) }

    /// The student, or nil when not on the roster. Throws for an error reply.
    public func answer(_ reply: RedisReply) throws -> RosterStudent? {
        try reply.throwingServerError()
        return reply.int == 1 ? RosterStudent(idNumber: idNumber, name: nil) : nil
    }
}

/// The class's whole roster. Today `SMEMBERS` of the roster set: ID numbers only, in ID order;
/// the students hash will give names (and the order students were added).
public struct RosterLookup: Sendable {
    public let classId: String
    public let key: String

    public var command: RedisCommand { RedisCommand("SMEMBERS", key) }

    public func answer(_ reply: RedisReply) throws -> [RosterStudent] {
        try reply.throwingServerError()
        return (reply.array ?? []).compactMap(\.string).sorted().map { RosterStudent(idNumber: $0, name: nil) }
    }
}
