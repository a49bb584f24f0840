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
    /// The courses published so far (发布课程任务, in the order published): the hash's `courses`
    /// field, a JSON array of `{"courseId", "name", "hours"}`; absent until the first publication.
    public var courses: [Course]
    /// 结班时间 (RFC 3339, the e-certificate's first request) and the e-certificate's id (凭证编号),
    /// set when the class is closed (the contract's `closedAt` and `certificateId`); nil while it
    /// is open or locked.
    public var closedAt: String?
    public var certificateId: String?

    public init(classId: String, institutionId: String, name: String, occupation: String, level: SkillLevel,
                trainingMode: TrainingMode, location: String?, plannedSize: Int, state: ClassState = .open, version: Int = 1,
                courses: [Course] = [], closedAt: String? = nil, certificateId: String? = nil) {
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
        self.courses = courses
        self.closedAt = closedAt
        self.certificateId = certificateId
    }

    /// 培训课时: the sum of the courses' hours (the hash's `requiredHours` field).
    public var requiredHours: Int { Course.requiredHours(courses) }

    /// The hash fields.
    public var fields: [(String, String)] {
        var f: [(String, String)] = [("classId", classId), ("institutionId", institutionId), ("name", name), ("occupation", occupation),
                                     ("level", level.rawValue), ("trainingMode", trainingMode.rawValue)]
        if let location { f.append(("location", location)) }
        f += [("plannedSize", String(plannedSize)), ("state", state.rawValue), ("version", String(version))]
        if !courses.isEmpty { f += [("courses", Self.coursesJSON(courses)), ("requiredHours", String(requiredHours))] }
        if let closedAt { f.append(("closedAt", closedAt)) }
        if let certificateId { f.append(("certificateId", certificateId)) }
        return f
    }

    /// The `courses` field: `[{"courseId", "name", "hours"}]` in order.
    public static func coursesJSON(_ courses: [Course]) -> String { coursesValue(courses).jsonString }

    /// Courses as JSON, `[{"courseId", "name", "hours"}]` in order: the `courses` field, and the
    /// `courses` of a `class.tasksPublished` payload.
    public static func coursesValue(_ courses: [Course]) -> JSONValue {
        .array(courses.map { ["courseId": .string($0.courseId), "name": .string($0.name), "hours": .number(Double($0.hours))] })
    }

    /// Reads the `courses` field (nil for anything but an array of courses).
    public static func courses(json text: String) -> [Course]? {
        guard let items = (try? JSONValue.parse(text))?.arrayValue else { return nil }
        let courses = items.compactMap { item -> Course? in
            guard let id = item["courseId"]?.stringValue, let name = item["name"]?.stringValue, let hours = item["hours"]?.intValue else { return nil }
            return Course(courseId: id, name: name, hours: hours)
        }
        return courses.count == items.count ? courses : nil
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
              let version = map["version"].flatMap({ Int($0) }),
              let courses = map["courses"].map(Self.courses(json:)) ?? []
        else { throw ClassStateError(message: "the hash of class \(classId) is not a class record") }
        self.init(classId: classId, institutionId: institutionId, name: name, occupation: occupation, level: level,
                  trainingMode: mode, location: map["location"], plannedSize: planned, state: state, version: version, courses: courses,
                  closedAt: map["closedAt"], certificateId: map["certificateId"])
    }
}

/// A class hash that cannot be read.
public struct ClassStateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
