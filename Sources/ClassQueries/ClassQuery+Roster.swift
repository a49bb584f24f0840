import JobQueue
import RedisClient
import TrainingDomain

// What the training workflow asks of a class: its status, a student on its roster, the whole
// roster. Each is a command for the caller's own round trip (or a batch's prefetch) and the
// answer to its reply. The roster is the hash `{p}:class:{classId}:students` (ID number → the
// student's ``RosterEntry`` JSON); every roster change bumps the class's `rosterVersion`, which
// `ClassStatus.rosterGuard` pins.
extension ClassQuery {
    /// The class's state, institution and roster version (see ``ClassStatusLookup``).
    public static func status(classId: String, keys: QueueKeys) -> ClassStatusLookup {
        ClassStatusLookup(classId: classId, key: classKey(classId, prefix: keys.prefix))
    }

    /// The whole class record (see ``ClassRecordLookup``).
    public static func record(classId: String, keys: QueueKeys) -> ClassRecordLookup {
        ClassRecordLookup(classId: classId, key: classKey(classId, prefix: keys.prefix))
    }

    /// One student of the class's roster, by ID number (see ``StudentQuery``).
    public static func student(classId: String, idNumber: String, keys: QueueKeys) -> StudentQuery {
        student(classId: classId, idNumber: idNumber, prefix: keys.prefix)
    }

    /// Every student of the class's roster (see ``RosterLookup``).
    public static func roster(classId: String, keys: QueueKeys) -> RosterLookup {
        RosterLookup(classId: classId, key: studentsKey(classId, prefix: keys.prefix))
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

/// The class's whole roster: `HGETALL` of the students hash, in the order the students joined
/// (`addedAt`, then ID number), which the student list, the scores template and the
/// e-certificate print.
public struct RosterLookup: Sendable {
    public let classId: String
    /// `{p}:class:{classId}:students`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HGETALL", key) }

    /// Throws for an error reply or a value that is not a roster entry (changed by hand).
    public func answer(_ reply: RedisReply) throws -> [RosterEntry] {
        try reply.throwingServerError()
        // Sorted with the ID numbers as read (a record makes its number's string when asked).
        var entries: [(id: String, entry: RosterEntry)] = []
        let items = reply.array ?? []
        entries.reserveCapacity(items.count / 2)
        var index = 0
        while index + 1 < items.count {
            if let id = items[index].string, let json = items[index + 1].string {
                entries.append((id, try RosterEntry(idNumber: id, json: json)))
            }
            index += 2
        }
        return entries.sorted { ($0.entry.addedAt, $0.id) < ($1.entry.addedAt, $1.id) }.map(\.entry)
    }
}
