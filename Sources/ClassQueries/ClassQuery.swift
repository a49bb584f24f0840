import JobQueue
import RedisClient
import TrainingDomain

/// What other workflows may ask of the classes the import workflow keeps: which of an
/// institution's classes of an occupation and level are still open (the qualification expiry);
/// all of an institution's classes (vtctl); a class, a student on its roster with the student's
/// record, the whole roster (the training workflow, vtctl; ClassQuery+Roster.swift).
/// The import workflow writes this state; everyone else reads it only through here.
public enum ClassQuery {
    /// `{p}:class:{classId}`: the class hash (see `ClassRecord`).
    public static func classKey(_ classId: String, prefix: String) -> String { "\(prefix):class:\(classId)" }

    /// `{p}:class:{classId}:students`: the roster, hash ID number → ``RosterEntry`` JSON. Read
    /// only through ``student(classId:idNumber:prefix:)`` and ``roster(classId:keys:)`` outside
    /// the import workflow.
    public static func studentsKey(_ classId: String, prefix: String) -> String { "\(prefix):class:\(classId):students" }

    /// `{p}:audit:class:{classId}`: the class's append-only trail, which every workflow acting on
    /// the class appends to (created, locked, imports, scores).
    public static func auditKey(_ classId: String, prefix: String) -> String { "\(prefix):audit:class:\(classId)" }

    /// Is the student on the class's roster: the read for the caller's pipeline, and its answer
    /// with the guard that pins it.
    public static func student(classId: String, idNumber: String, prefix: String) -> StudentQuery {
        StudentQuery(classId: classId, idNumber: idNumber, key: studentsKey(classId, prefix: prefix))
    }

    /// `{p}:classes:{institutionId}`: set of the institution's class ids, added when a class is created.
    public static func institutionClassesKey(_ institutionId: String, prefix: String) -> String { "\(prefix):classes:\(institutionId)" }

    /// The institution's classes of `occupation` at `level` whose roster is still open, by class id.
    /// Two round trips: the index, then every class hash. A class hash that does not read is left out.
    public static func openClasses(institutionId: String, occupation: String, level: SkillLevel, prefix: String,
                                   connection: RedisConnection) throws -> [ClassRecord] {
        try classes(institutionId: institutionId, prefix: prefix, connection: connection).filter {
            $0.state == .open && $0.occupation == occupation && $0.level == level
        }
    }

    /// The ids of the institution's classes (see ``InstitutionClassesLookup``).
    public static func institutionClasses(institutionId: String, keys: QueueKeys) -> InstitutionClassesLookup {
        InstitutionClassesLookup(key: institutionClassesKey(institutionId, prefix: keys.prefix))
    }

    /// Every class of the institution, by class id. Two round trips: the index, then every class
    /// hash. A class hash that does not read is left out.
    public static func classes(institutionId: String, prefix: String, connection: RedisConnection) throws -> [ClassRecord] {
        let index = institutionClasses(institutionId: institutionId, keys: QueueKeys(prefix: prefix))
        let ids = try index.answer(try connection.send(index.command))
        guard !ids.isEmpty else { return [] }
        let replies = try connection.pipeline(ids.map { RedisCommand("HGETALL", classKey($0, prefix: prefix)) })
        return zip(ids, replies).compactMap { id, reply in
            guard (try? reply.throwingServerError()) != nil else { return nil }
            return try? ClassRecord(classId: id, fields: reply.fieldMap)
        }
    }
}

/// The ids of an institution's classes: `SMEMBERS {p}:classes:{institutionId}`, sorted.
public struct InstitutionClassesLookup: Sendable {
    /// `{p}:classes:{institutionId}`.
    public let key: String

    public var command: RedisCommand { RedisCommand("SMEMBERS", key) }

    /// Throws for an error reply.
    public func answer(_ reply: RedisReply) throws -> [String] {
        (try reply.throwingServerError().array ?? []).compactMap(\.string).sorted()
    }
}
