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

/// `student.removed` (删除学员): ``StudentRules/remove(classId:institutionId:_:)`` on the state
/// read (the learning time included); applied: the roster entry deleted, `rosterVersion`
/// counted up, the student released from the enrolment index, the audit entry, notification and
/// event `student.removed`.
public struct StudentRemovedHandler: RequestHandler {
    public init() {}

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<StudentRemoveRequest, ValidationErrors> { StudentPayload.decodeRemoved(payload) }

    public func handle(_ request: StudentRemoveRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let now = context.clock.nowMs()
        let keys = ImportKeys(context.keys)
        let state = try StudentState.read(classId: request.classId, idNumber: request.idNumber, keys: keys, context: context, forRemoval: true)
        let fields = [("entity", request.classId), ("institutionId", request.institutionId)]
        switch StudentRules.remove(classId: request.classId, institutionId: request.institutionId, state.standing) {
        case .refused(let refusal):
            return refusal.outcome(guards: state.guards, fields: fields)
        case .allowed(let removal):
            let (record, entry) = (removal.record, removal.entry)
            let writes = [RedisCommand("HDEL", keys.students(request.classId), request.idNumber),
                          RedisCommand("HINCRBY", keys.classRecord(request.classId), "rosterVersion", 1)]
                + (state.enrollment?.releasing([request.idNumber]) ?? [])
            let effects = StudentEffects(keys: keys, record: record, student: entry.record, job: job, nowMs: now)
            context.logger.info("student removed", job.logFields(["classId": .string(request.classId), "idNumber": .string(ResidentIDNumber.mask(request.idNumber))]))
            return .done("student_removed", "student removed from the roster of class \(request.classId)",
                         effects: writes + effects.tail(added: false), guards: state.guards, fields: fields)
        }
    }
}

/// The audit entry, notification and event of a student added or removed. Pure.
struct StudentEffects {
    let keys: ImportKeys
    let record: ClassRecord
    let student: StudentRecord
    let job: Job
    let nowMs: Int64

    func tail(added: Bool) -> [RedisCommand] {
        let type = added ? StudentPayload.addedType : StudentPayload.removedType
        let transition = (
            audit: AuditEntry(action: added ? "student_added" : "student_removed", actor: "institution:\(record.institutionId)",
                              revision: record.version, atMs: nowMs, details: ["idNumber": student.idNumber]),
            notification: NotificationRequest(institutionId: record.institutionId, template: type, params: [
                "className": record.name, "classId": record.classId, "studentName": student.name, "idNumber": student.idNumber]),
            event: DomainEvent(type: type, payload: [
                "classId": .string(record.classId), "institutionId": .string(record.institutionId), "idNumber": .string(student.idNumber)]))
        return WorkflowEffects(keys: keys.queue, producer: ClassEffects.producer)
            .tail(audit: transition.audit, to: keys.audit(record.classId), notification: transition.notification, event: transition.event,
                  job: job, nowMs: nowMs)
    }
}
