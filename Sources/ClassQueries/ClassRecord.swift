import JobQueue
import TrainingDomain

/// How a class is taught: the contract's `trainingMode`.
public enum TrainingMode: String, Sendable, CaseIterable {
    case onlineOffline = "online_offline"
    case online
    case offline
}

/// A class's state: `open` (students may be added and removed), `locked` (course tasks
/// published: no student may be added; one without learning time may still be removed) or
/// `closed` (its e-certificate is issued: 结班; its students are released from the enrolment
/// index, and the roster no longer changes).
public enum ClassState: String, Sendable {
    case open
    case locked
    case closed
}

/// A training class (培训班级), as the hash `{p}:class:{classId}` stores it. Every change
/// increments `version`; handlers guard on it.
public struct ClassRecord: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    public var name: String
    public var occupation: String
    public var level: SkillLevel
    public var trainingMode: TrainingMode
    /// Absent for online classes that gave none.
    public var location: String?
    public var plannedSize: Int
    public var state: ClassState
    public var version: Int

    public init(classId: String, institutionId: String, name: String, occupation: String, level: SkillLevel,
                trainingMode: TrainingMode, location: String?, plannedSize: Int, state: ClassState = .open, version: Int = 1) {
        self.classId = classId
        self.institutionId = institutionId
        self.name = name
        self.occupation = occupation
        self.level = level
        self.trainingMode = trainingMode
        self.location = location
        self.plannedSize = plannedSize
        self.state = state
        self.version = version
    }

    /// The hash fields.
    public var fields: [(String, String)] {
        var f: [(String, String)] = [("classId", classId), ("institutionId", institutionId), ("name", name), ("occupation", occupation),
                                     ("level", level.rawValue), ("trainingMode", trainingMode.rawValue)]
        if let location { f.append(("location", location)) }
        f += [("plannedSize", String(plannedSize)), ("state", state.rawValue), ("version", String(version))]
        return f
    }

    /// Reads a record from `HGETALL`: nil for an empty map (no such class). A hash that does not
    /// read (changed by hand) throws, so the job is retried, then dead, never misapplied.
    public init?(classId: String, fields map: [String: String]) throws(ClassStateError) {
        guard !map.isEmpty else { return nil }
        guard let institutionId = map["institutionId"], let name = map["name"], let occupation = map["occupation"],
              let level = map["level"].flatMap(SkillLevel.init(rawValue:)),
              let mode = map["trainingMode"].flatMap(TrainingMode.init(rawValue:)),
              let planned = map["plannedSize"].flatMap({ Int($0) }),
              let state = map["state"].flatMap(ClassState.init(rawValue:)),
              let version = map["version"].flatMap({ Int($0) })
        else { throw ClassStateError(message: "the hash of class \(classId) is not a class record") }
        self.init(classId: classId, institutionId: institutionId, name: name, occupation: occupation, level: level,
                  trainingMode: mode, location: map["location"], plannedSize: planned, state: state, version: version)
    }
}

/// A class hash that cannot be read.
public struct ClassStateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
