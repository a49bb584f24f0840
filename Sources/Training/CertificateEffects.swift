import ECertificate
import JobQueue
import RedisClient
import TrainingQueries
import WorkflowKernel

/// The writes of `certificate.requested`, pure: the class's closing (the job's step) and the
/// certificate's issue (its commit), each with its audit entry and event; the institution is
/// told once, when the certificate is stored.
struct CertificateEffects {
    let keys: TrainingKeys
    let job: Job
    let nowMs: Int64

    var workflow: WorkflowEffects { WorkflowEffects(keys: keys.queue, producer: TrainingEffects.producer) }

    /// The class hash closed (`state`, `closedAt`, `certificateId`, `version`), its students released
    /// from the enrolment index (`release`), the audit entry `closed` and the event `class.closed`.
    func closing(_ closing: CertificateRules.Closing, release: [RedisCommand]) -> [RedisCommand] {
        let after = closing.after
        let classKey = keys.classRecord(after.classId)
        return [.hset(classKey, [("state", after.state.rawValue), ("closedAt", after.closedAt ?? ""), ("certificateId", after.certificateId ?? ""),
                                 ("version", String(after.version))])]
            + release
            + [workflow.audit(closing.audit, to: keys.audit(after.classId), job: job),
               workflow.event(closing.event, job: job, nowMs: nowMs, step: "closed")]
    }

    /// The certificate's hash and PDF, the audit entry `certificate_issued`, the notification
    /// `certificate.issued` and the event `certificate.issued`.
    func issuing(_ record: CertificateRecord, pdf: [UInt8]) -> [RedisCommand] {
        var setPDF = RedisCommand("SET", keys.certificatePDF(record.certificateId))
        setPDF.append(bytes: pdf)
        let counts = ["studentCount": String(record.studentCount), "qualifiedCount": String(record.qualifiedCount)]
        let audit = AuditEntry(action: "certificate_issued", actor: "institution:\(record.institutionId)", revision: 0, atMs: nowMs,
                               details: counts.merging(["certificateId": record.certificateId]) { a, _ in a })
        return [.hset(keys.certificate(record.certificateId), record.fields), setPDF]
            + workflow.tail(audit: audit, to: keys.audit(record.classId),
                notification: NotificationRequest(institutionId: record.institutionId, template: "certificate.issued",
                                                  params: counts.merging(["className": record.className, "classId": record.classId,
                                                                          "certificateId": record.certificateId]) { a, _ in a }),
                event: DomainEvent(type: "certificate.issued", payload: [
                    "certificateId": .string(record.certificateId), "classId": .string(record.classId),
                    "institutionId": .string(record.institutionId), "closedAt": .string(record.closedAt),
                    "studentCount": .number(Double(record.studentCount)), "qualifiedCount": .number(Double(record.qualifiedCount)),
                    "pdfSha256": .string(record.pdfSha256)]),
                job: job, nowMs: nowMs)
    }
}
