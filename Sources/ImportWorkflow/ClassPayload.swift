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

/// A `class.tasksPublished` payload.
public struct TasksPublishedRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String

    public init(classId: String, institutionId: String) {
        self.classId = classId
        self.institutionId = institutionId
    }

    public var json: JSONValue { ["classId": .string(classId), "institutionId": .string(institutionId)] }
}

/// Decoding of the two class messages; every problem is a `FieldError` with its JSON path.
public enum ClassPayload {
    public static let createdType = "class.created"
    public static let tasksPublishedType = "class.tasksPublished"
    public static let maxPlannedSize = 10_000
    public static let maxTextLength = 200

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

    public static func decodeTasksPublished(_ payload: JSONValue) -> Result<TasksPublishedRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        guard r.errors.isEmpty, let classId, let institutionId else { return .failure(ValidationErrors(r.errors)) }
        return .success(TasksPublishedRequest(classId: classId, institutionId: institutionId))
    }

    private static func notObject(_ payload: JSONValue) -> ValidationErrors {
        ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(payload.typeName)")])
    }
}
