import ClassQueries
import CertificationQueries
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// A `class.created` payload, validated against the catalog.
public struct ClassCreateRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    public var name: String
    public var occupation: String
    public var level: SkillLevel
    public var plannedSize: Int
    public var trainingMode: TrainingMode
    public var location: String?

    public init(classId: String, institutionId: String, name: String, occupation: String, level: SkillLevel, plannedSize: Int,
                trainingMode: TrainingMode = .onlineOffline, location: String?) {
        self.classId = classId
        self.institutionId = institutionId
        self.name = name
        self.occupation = occupation
        self.level = level
        self.plannedSize = plannedSize
        self.trainingMode = trainingMode
        self.location = location
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["classId": .string(classId), "institutionId": .string(institutionId), "name": .string(name),
                                      "occupation": .string(occupation), "level": .string(level.rawValue),
                                      "plannedSize": .number(Double(plannedSize)), "trainingMode": .string(trainingMode.rawValue)]
        if let location { o["location"] = .string(location) }
        return .object(o)
    }
}

/// A `class.tasksPublished` payload (发布课程任务, which may be sent again to add courses).
public struct TasksPublishedRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    /// The courses published by this message (none: the roster is locked with no course yet).
    public var courses: [Course]

    public init(classId: String, institutionId: String, courses: [Course] = []) {
        self.classId = classId
        self.institutionId = institutionId
        self.courses = courses
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["classId": .string(classId), "institutionId": .string(institutionId)]
        if !courses.isEmpty {
            o["courses"] = ClassRecord.coursesValue(courses)
        }
        return .object(o)
    }
}

/// Decoding of the two class messages; every problem is a `FieldError` with its JSON path.
public enum ClassPayload {
    public static let createdType = "class.created"
    public static let tasksPublishedType = "class.tasksPublished"
    public static let maxPlannedSize = 10_000
    public static let maxTextLength = 200
    /// Courses one `class.tasksPublished` may carry.
    public static let maxCourses = 200

    public static func decodeCreate(_ payload: JSONValue, catalog: OccupationCatalog = .embedded) -> Result<ClassCreateRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        let name = r.string("name", maxLength: maxTextLength)
        let qualification = r.occupation("occupation", level: "level", catalog: catalog)
        let occupation = qualification?.0.code
        let level = qualification?.1
        var plannedSize = r.integer("plannedSize", minimum: 1)
        if let n = plannedSize, n > maxPlannedSize {
            r.fail("plannedSize", "field.format", "plannedSize must be at most \(maxPlannedSize)")
            plannedSize = nil
        }
        var mode: TrainingMode? = .onlineOffline
        if object["trainingMode"] != nil, object["trainingMode"] != .null {
            mode = r.oneOf("trainingMode", TrainingMode.allCases.map(\.rawValue)).flatMap(TrainingMode.init(rawValue:))
        }
        let location = r.string("location", required: mode != nil && mode != .online, maxLength: maxTextLength)
        guard r.errors.isEmpty, let classId, let institutionId, let name, let occupation, let level, let plannedSize, let mode else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(ClassCreateRequest(classId: classId, institutionId: institutionId, name: name, occupation: occupation,
                                           level: level, plannedSize: plannedSize, trainingMode: mode, location: location))
    }

    /// `courses` is optional: absent or empty publishes none (the first message still locks the
    /// roster). Each course: `courseId` (identifier, once per message), `name` (1–200
    /// characters), `hours` (an integer, 1–1,000).
    public static func decodeTasksPublished(_ payload: JSONValue) -> Result<TasksPublishedRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        var courseErrors: [FieldError] = []
        var courses: [Course] = []
        switch object["courses"] {
        case nil, .null?:
            break
        case .array(let items)? where items.count > maxCourses:
            r.fail("courses", "field.format", "courses lists \(items.count) courses; at most \(maxCourses) in one message")
        case .array(let items)?:
            var seen: Set<String> = []
            for (i, item) in items.enumerated() {
                let path = "payload.courses[\(i)]"
                guard case .object(let fields) = item else {
                    courseErrors.append(FieldError(field: path, code: "field.type", message: "each course must be an object, got \(item.typeName)"))
                    continue
                }
                var c = PayloadReader(fields, path: path)
                var courseId = c.identifier("courseId")
                if let id = courseId, !seen.insert(id).inserted {
                    c.fail("courseId", "field.format", "course \(id) is listed twice")
                    courseId = nil
                }
                let name = c.string("name", maxLength: maxTextLength)
                var hours = c.integer("hours", minimum: 1)
                if let h = hours, h > Course.maximumHours {
                    c.fail("hours", "field.format", "hours must be at most \(Course.maximumHours)")
                    hours = nil
                }
                courseErrors += c.errors
                if let courseId, let name, let hours { courses.append(Course(courseId: courseId, name: name, hours: hours)) }
            }
        case let other?:
            r.fail("courses", "field.type", "courses must be an array, got \(other.typeName)")
        }
        let errors = r.errors + courseErrors
        guard errors.isEmpty, let classId, let institutionId else { return .failure(ValidationErrors(errors)) }
        return .success(TasksPublishedRequest(classId: classId, institutionId: institutionId, courses: courses))
    }

    private static func notObject(_ payload: JSONValue) -> ValidationErrors {
        ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(payload.typeName)")])
    }
}
