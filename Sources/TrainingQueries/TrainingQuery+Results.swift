import JobQueue
import RedisClient

extension TrainingQuery {
    /// Every student's learning time and scores in a class (see ``ClassResultsLookup``).
    public static func results(classId: String, keys: QueueKeys) -> ClassResultsLookup {
        ClassResultsLookup(hoursKey: hoursKey(classId, prefix: keys.prefix), scoresKey: scoresKey(classId, prefix: keys.prefix))
    }
}

/// `HGETALL` of a class's hours and scores hashes: what its e-certificate prints and a subsidy
/// claim checks, once the class is closed and both are frozen.
public struct ClassResultsLookup: Sendable {
    public let hoursKey: String
    public let scoresKey: String

    /// Two reads, for the caller's pipeline: hours, then scores.
    public var commands: [RedisCommand] { [RedisCommand("HGETALL", hoursKey), RedisCommand("HGETALL", scoresKey)] }

    /// ID number → the student's result, from the replies to ``commands``. A student with
    /// neither learning time nor scores is absent. Throws for an error reply or a value that
    /// does not read (a hash changed by hand).
    public func answer(hours: RedisReply, scores: RedisReply) throws -> [String: StudentResult] {
        try hours.throwingServerError()
        try scores.throwingServerError()
        var results: [String: StudentResult] = [:]
        for (id, text) in hours.fieldMap {
            guard let seconds = Int(text) else { throw RedisError(.unexpectedReply, "learning time of a student is not a number: \(text)") }
            results[id, default: StudentResult()].onlineSeconds = seconds
        }
        for (id, text) in scores.fieldMap {
            guard let value = try? JSONValue.parse(text), let theory = value["theory"]?.doubleValue,
                  let practical = value["practical"]?.doubleValue else {
                throw RedisError(.unexpectedReply, "the scores of a student do not read: \(text)")
            }
            results[id, default: StudentResult()].theory = theory
            results[id, default: StudentResult()].practical = practical
        }
        return results
    }
}

/// One student's learning time and scores in a class.
public struct StudentResult: Sendable, Equatable {
    /// Online learning seconds counted (0 when none).
    public var onlineSeconds: Int
    /// 理论成绩 and 实操成绩; nil when not recorded.
    public var theory: Double?
    public var practical: Double?

    public init(onlineSeconds: Int = 0, theory: Double? = nil, practical: Double? = nil) {
        self.onlineSeconds = onlineSeconds
        self.theory = theory
        self.practical = practical
    }

    /// The score both must reach (合格: both ≥ 60).
    public static let passMark = 60.0
    /// Seconds of online learning in one 课时 (class hour) of a class's required hours.
    public static let secondsPerClassHour = 3_600

    public var passed: Bool {
        guard let theory, let practical else { return false }
        return theory >= Self.passMark && practical >= Self.passMark
    }

    /// Online learning in 课时.
    public var onlineHours: Double { Double(onlineSeconds) / Double(Self.secondsPerClassHour) }
}
