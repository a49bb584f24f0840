import JobQueue
import RedisClient

// What the clerk's views ask of a whole class (vtctl's `class show`, `class list`, `class
// students`): every student's learning time and every student's scores. Each is a command for
// the caller's own round trip and the answer to its reply.
extension TrainingQuery {
    /// Every student's learning time in a class (see ``ClassHoursLookup``).
    public static func classHours(classId: String, keys: QueueKeys) -> ClassHoursLookup {
        ClassHoursLookup(classId: classId, key: hoursKey(classId, prefix: keys.prefix))
    }

    /// Every student's scores in a class (see ``ClassScoresLookup``).
    public static func classScores(classId: String, keys: QueueKeys) -> ClassScoresLookup {
        ClassScoresLookup(classId: classId, key: scoresKey(classId, prefix: keys.prefix))
    }
}

/// `HGETALL` of a class's hours: ID number → online learning seconds counted.
public struct ClassHoursLookup: Sendable {
    public let classId: String
    /// `{p}:class:{classId}:hours`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HGETALL", key) }

    /// Throws for an error reply or a value that is not a whole number of seconds (changed by hand).
    public func answer(_ reply: RedisReply) throws -> [String: Int] {
        try reply.throwingServerError()
        var seconds: [String: Int] = [:]
        for (id, text) in reply.fieldPairs {
            guard let n = Int(text) else { throw RedisError(.unexpectedReply, "learning time in class \(classId) is not a number: \(text)") }
            seconds[id] = n
        }
        return seconds
    }
}

/// `HGETALL` of a class's scores: ID number → ``RecordedScores``.
public struct ClassScoresLookup: Sendable {
    public let classId: String
    /// `{p}:class:{classId}:scores`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HGETALL", key) }

    /// Throws for an error reply or a value that is not a scores object (changed by hand).
    public func answer(_ reply: RedisReply) throws -> [String: RecordedScores] {
        try reply.throwingServerError()
        var scores: [String: RecordedScores] = [:]
        for (id, text) in reply.fieldPairs {
            guard let value = try? JSONValue.parse(text), let theory = value["theory"]?.doubleValue,
                  let practical = value["practical"]?.doubleValue, let passed = value["passed"]?.boolValue
            else { throw RedisError(.unexpectedReply, "the scores of a student in class \(classId) do not read") }
            scores[id] = RecordedScores(theory: theory, practical: practical, passed: passed, recordedAt: value["recordedAt"]?.stringValue ?? "")
        }
        return scores
    }
}

/// A student's scores as the training workflow stored them: `{"theory", "practical", "passed", "recordedAt"}`.
public struct RecordedScores: Sendable, Equatable {
    /// 理论成绩, 0–100 with at most two decimals.
    public let theory: Double
    /// 实操成绩.
    public let practical: Double
    /// 合格: both at least 60, as decided when they were recorded.
    public let passed: Bool
    /// RFC 3339.
    public let recordedAt: String

    public init(theory: Double, practical: Double, passed: Bool, recordedAt: String) {
        self.theory = theory
        self.practical = practical
        self.passed = passed
        self.recordedAt = recordedAt
    }
}
