import ClassQueries
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

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
