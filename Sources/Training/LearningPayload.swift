import JobQueue
import TrainingDomain
import WorkflowKernel

/// A `learning.recorded` payload (学习记录, from the learning platform): one learning session of a
/// student in a class's course.
public struct LearningRecordRequest: Sendable, Equatable {
    /// The session's id: counted once per class, however often it is sent.
    public var recordId: String
    public var classId: String
    public var idNumber: String
    public var courseId: String
    /// 1 to ``LearningPayload/maximumSeconds``.
    public var seconds: Int
    /// RFC 3339, as sent.
    public var occurredAt: String

    public init(recordId: String, classId: String, idNumber: String, courseId: String, seconds: Int, occurredAt: String) {
        self.recordId = recordId
        self.classId = classId
        self.idNumber = idNumber
        self.courseId = courseId
        self.seconds = seconds
        self.occurredAt = occurredAt
    }

    public var json: JSONValue {
        ["recordId": .string(recordId), "classId": .string(classId), "idNumber": .string(idNumber), "courseId": .string(courseId),
         "seconds": .number(Double(seconds)), "occurredAt": .string(occurredAt)]
    }
}

/// Decoding of `learning.recorded`; every problem is a `FieldError` with its JSON path.
public enum LearningPayload {
    public static let type = "learning.recorded"
    /// One record counts at most a day: more is not a learning session, whatever sent it.
    public static let maximumSeconds = 86_400

    public static func decode(_ payload: JSONValue) -> Result<LearningRecordRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(TrainingPayload.notObject(payload)) }
        var r = PayloadReader(object)
        let recordId = TrainingPayload.recordId(&r, "recordId")
        let classId = r.identifier("classId")
        let idNumber = TrainingPayload.idNumber(&r, "idNumber")
        let courseId = r.identifier("courseId")
        var seconds = r.integer("seconds", minimum: 1)
        if let s = seconds, s > maximumSeconds {
            r.fail("seconds", "field.format", "seconds must be at most \(maximumSeconds) (one day) in one record, got \(s)")
            seconds = nil
        }
        let occurredAt = TrainingPayload.timestamp(&r, "occurredAt")
        guard r.errors.isEmpty, let recordId, let classId, let idNumber, let courseId, let seconds, let occurredAt else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(LearningRecordRequest(recordId: recordId, classId: classId, idNumber: idNumber, courseId: courseId,
                                              seconds: seconds, occurredAt: occurredAt))
    }
}

/// The field readers the training payloads share.
enum TrainingPayload {
    static func notObject(_ payload: JSONValue) -> ValidationErrors {
        ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(payload.typeName)")])
    }

    /// 1–64 of `[A-Za-z0-9._:-]` (the job id's rule: platforms' session ids carry dots and colons).
    static func recordId(_ r: inout PayloadReader, _ name: String) -> String? {
        guard let text = r.string(name, maxLength: 64) else { return nil }
        guard JobEnvelope.isValidJobId(text) else {
            r.fail(name, "field.format", "\(name) must be 1-64 characters of A-Z a-z 0-9 . _ : -")
            return nil
        }
        return text
    }

    /// A resident ID number, normalised, checked without the date rules (a student already on a
    /// roster was checked when added): its row code (`id.length`, `id.checksum`, …) otherwise.
    static func idNumber(_ r: inout PayloadReader, _ name: String) -> String? {
        guard let text = r.string(name, maxLength: 64) else { return nil }
        switch ResidentIDNumber.validateFormat(text) {
        case .success(let id): return id.value
        case .failure(let code):
            r.fail(name, code.rawValue, "\(name) \(ResidentIDNumber.mask(text)) is not a valid ID number (\(code.rawValue))")
            return nil
        }
    }

    /// An RFC 3339 timestamp (`field.format` otherwise), kept as sent.
    static func timestamp(_ r: inout PayloadReader, _ name: String) -> String? {
        guard let text = r.string(name, maxLength: 40) else { return nil }
        guard Timestamp.parseRFC3339(text) != nil else {
            r.fail(name, "field.format", "\(name) must be an RFC 3339 timestamp, got \(text)")
            return nil
        }
        return text
    }
}
