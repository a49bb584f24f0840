import ClassQueries
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

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
