import ClassQueries
import Foundation
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `student.added` (添加学员): the student's cells through the import's row rules (field errors
/// `payload.student.idNumber` etc. with the row codes: those without a date in decoding, the
/// birth date's and age's with today's date here), then ``StudentRules/add(classId:institutionId:_:)``
/// on the state read (``StudentState``); applied: the roster entry, the class's `rosterVersion`,
/// the student's claim in the enrolment index, the audit entry, notification and event
/// `student.added`.
public struct StudentAddedHandler: RequestHandler {
    public let minimumAge: Int
    public let studentTypes: StudentTypeCatalog

    public init(minimumAge: Int = ResidentIDNumber.defaultMinimumAge, studentTypes: StudentTypeCatalog = .embedded) {
        self.minimumAge = minimumAge
        self.studentTypes = studentTypes
    }

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<StudentAddRequest, ValidationErrors> {
        StudentPayload.decodeAdded(payload, studentTypes: studentTypes)
    }

    public func handle(_ request: StudentAddRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let now = context.clock.nowMs()
        let validator = StudentRowValidator(referenceDate: LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(now) / 1000)),
                                            minimumAge: minimumAge, studentTypes: studentTypes)
        let check = validator.check(request.student, makingStudent: false)
        guard let student = check.record else {
            return .validationFailed(StudentPayload.fieldErrors(check.errors), payload: job.payload, entityField: entityField)
        }
        let keys = ImportKeys(context.keys)
        let state = try StudentState.read(classId: request.classId, idNumber: student.idNumber, keys: keys, context: context, forRemoval: false)
        let fields = [("entity", request.classId), ("institutionId", request.institutionId)]
        switch StudentRules.add(classId: request.classId, institutionId: request.institutionId, state.standing) {
        case .refused(let refusal):
            return refusal.outcome(guards: state.guards, fields: fields)
        case .allowed(let record):
            let entry = RosterEntry(record: student, addedAt: Timestamp.rfc3339(ms: now), source: job.id)
            var hset = RedisCommand("HSET", keys.students(request.classId), student.idNumber)
            hset.append(bytes: entry.json)
            let writes = [hset, RedisCommand("HINCRBY", keys.classRecord(request.classId), "rosterVersion", 1)]
                + (state.enrollment?.claiming([student.idNumber]) ?? [])
            let effects = StudentEffects(keys: keys, record: record, student: student, job: job, nowMs: now)
            context.logger.info("student added", job.logFields(["classId": .string(request.classId), "idNumber": .string(ResidentIDNumber.mask(student.idNumber))]))
            return .done("student_added", "student added to the roster of class \(request.classId)",
                         effects: writes + effects.tail(added: true), guards: state.guards, fields: fields)
        }
    }
}
