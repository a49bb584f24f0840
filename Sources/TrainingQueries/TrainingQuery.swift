import JobQueue
import RedisClient

/// What other workflows may ask of the training workflow's state (learning time, scores): the
/// roster's owner asks whether a student has learning time before removing them (已产生培训记录的
/// 学员信息无法删除); the e-certificate and subsidy claims read hours and scores. The training
/// workflow writes this state; everyone else reads it only through here.
public enum TrainingQuery {
    /// `{p}:class:{classId}:hours`: hash, ID number → online learning seconds counted for the class.
    public static func hoursKey(_ classId: String, prefix: String) -> String { "\(prefix):class:\(classId):hours" }

    /// `{p}:class:{classId}:scores`: hash, ID number → JSON `{"theory", "practical", "passed", "recordedAt"}`.
    public static func scoresKey(_ classId: String, prefix: String) -> String { "\(prefix):class:\(classId):scores" }

    /// Seconds of online learning in one 课时 (class hour): 45 minutes, the class hour of
    /// vocational training, in which the class's required hours (培训课时) are counted.
    public static let secondsPerClassHour = 2_700

    /// 线上培训课时: `seconds` of online learning in class hours, rounded down to the hundredth
    /// (a student never shows more than was learnt): 2,700 s → 1, 4,000 s → 1.48.
    public static func classHours(seconds: Int) -> Double {
        Double(seconds * 100 / secondsPerClassHour) / 100
    }

    /// One student's learning time in a class (see ``LearningTimeLookup``).
    public static func learningTime(classId: String, idNumber: String, keys: QueueKeys) -> LearningTimeLookup {
        LearningTimeLookup(idNumber: idNumber, key: hoursKey(classId, prefix: keys.prefix))
    }
}

/// A student's counted learning seconds in a class: `HGET` of the hours hash, with the guard that
/// pins the value read, so a learning record counted meanwhile makes the caller run again (a
/// removal decided on "no learning time" must not commit after one was counted).
public struct LearningTimeLookup: Sendable {
    public let idNumber: String
    /// `{p}:class:{classId}:hours`.
    public let key: String

    public var command: RedisCommand { RedisCommand("HGET", key, idNumber) }

    /// Throws for an error reply or a value that is not a whole number of seconds.
    public func answer(_ reply: RedisReply) throws -> LearningTime {
        try reply.throwingServerError()
        let text = reply.string
        guard let seconds = text.map({ Int($0) }) ?? 0 else { throw RedisError(.unexpectedReply, "learning time of a student is not a number: \(text ?? "")") }
        return LearningTime(seconds: seconds, pin: Guard(key: key, field: idNumber, expected: text ?? ""))
    }
}

/// A student's learning time as another workflow sees it.
public struct LearningTime: Sendable, Equatable {
    /// Online learning seconds counted (0 when none).
    public let seconds: Int
    /// Pins the value read (absent pins "none counted").
    public let pin: Guard

    public var hasLearningRecords: Bool { seconds > 0 }
}
