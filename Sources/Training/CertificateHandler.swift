import CertificationQueries
import ClassQueries
import ECertificate
import JobQueue
import RedisClient
import TrainingQueries
import WorkflowKernel

/// `certificate.requested` (下载电子凭证), in two commits so that the certificate shows exactly
/// what its closing froze, and a stream of learning records cannot starve it:
///
/// 1. **Close** (the job's step, ``JobOutcome/step(_:effects:guards:)``): reads the class and its
///    roster, runs ``CertificateRules``, reads the students' buckets of the enrolment index, and
///    closes the class (`state` `closed`, `closedAt`, `certificateId`, `version` + 1) with its
///    students released, guarded by the class's `version`, `state` and `rosterVersion` and the
///    buckets' versions. A small commit that learning records do not conflict with; once it is
///    applied, every learning record's, score's and roster change's commit fails its guard on the
///    class and ends `not_counted`, `scores_locked` or `class_closed`.
/// 2. **Issue** (the commit): reads the frozen hours and scores, the institution and the class's
///    creation, builds the document (students in joining order), signs and renders it, and stores
///    `{p}:certificate:{id}` and its PDF only if the certificate is absent. Two workers, or a
///    redelivery after a crash between the commits, end with one certificate: the loser's guard
///    fails and its re-run returns the stored one, as every later request does (same bytes).
public struct CertificateHandler: RequestHandler {
    public let signingKey: CertificateSigningKey

    public init(signingKey: CertificateSigningKey) { self.signingKey = signingKey }

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<CertificateRequest, ValidationErrors> { CertificatePayload.decode(payload) }

    public func handle(_ request: CertificateRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let lookup = ClassQuery.record(classId: request.classId, keys: context.keys)
        let rosterLookup = ClassQuery.roster(classId: request.classId, keys: context.keys)
        let replies = try context.read([lookup.command, rosterLookup.command])
        let (record, status) = try lookup.answer(replies[0])
        let roster = try rosterLookup.answer(replies[1])
        let now = context.clock.nowMs()
        let fields = [("entity", request.classId), ("institutionId", request.institutionId)]
        switch CertificateRules.decide(request, record: record, rosterCount: roster.count, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(guards: status.guards, fields: fields)
        case .close(let closing):
            var guards = status.guards + [Guard(key: lookup.key, field: "version", expected: String(closing.after.version - 1))]
            var release: [RedisCommand] = []
            if closing.releasesStudents {
                let index = EnrollmentIndex(occupation: closing.after.occupation, level: closing.after.level, prefix: context.keys.prefix)
                let ids = roster.map(\.record.idNumber)
                let buckets = try index.read(buckets: EnrollmentIndex.buckets(of: ids)) { try context.read($0) }
                guards += buckets.guards
                release = buckets.releasing(ids)
            }
            context.logger.info("class closed", job.logFields(["classId": .string(request.classId), "certificateId": .string(closing.after.certificateId ?? "")]))
            return .step("class \(request.classId) closed", effects: CertificateEffects(keys: TrainingKeys(context.keys), job: job, nowMs: now)
                .closing(closing, release: release), guards: guards)
        case .issue(let certificateId):
            guard let record else { throw StateError(message: "a certificate to issue without its class") }
            return try issue(certificateId, record: record, roster: roster, job: job, context: context, fields: fields)
        }
    }

    /// The stored certificate, or a new one stored if still absent.
    private func issue(_ certificateId: String, record: ClassRecord, roster: [RosterEntry], job: Job, context: JobContext,
                       fields: [(String, String)]) throws -> JobOutcome {
        let keys = TrainingKeys(context.keys)
        let institution = CertificationQuery(institutionId: record.institutionId, keys: context.keys)
        let opening = ClassQuery.opening(classId: record.classId, keys: context.keys)
        let replies = try context.read([RedisCommand("HGETALL", keys.certificate(certificateId)), RedisCommand("HGETALL", keys.hours(record.classId)),
                                        RedisCommand("HGETALL", keys.scores(record.classId)), institution.command, opening.command])
        for reply in replies.prefix(3) { try reply.throwingServerError() }
        if let stored = try CertificateRecord(fields: replies[0].fieldMap) {
            return .done(CertificateRules.issuedOutcome, "the e-certificate \(certificateId) of class \(record.classId) was issued before: the same certificate",
                         fields: fields + Self.resultFields(stored))
        }
        let contents = CertificateContents(record: record, institution: try institution.answer(replies[3]).record,
                                           openedAtMs: try opening.answer(replies[4]), roster: roster,
                                           hours: replies[1].fieldMap, scores: replies[2].fieldMap)
        let document = try contents.document(certificateId: certificateId)
        let issued = try IssuedCertificate(document, signingKey: signingKey)
        let now = context.clock.nowMs()
        let summary = issued.summary
        let stored = CertificateRecord(certificateId: certificateId, classId: record.classId, institutionId: record.institutionId,
                                       institutionName: summary.institutionName, className: record.name, occupation: summary.occupation,
                                       level: summary.level, openedAt: summary.openedAt, closedAt: summary.closedAt,
                                       studentCount: summary.studentCount, qualifiedCount: summary.qualifiedCount, rosterSha256: summary.rosterSha256,
                                       qr: issued.qrText, pdfBytes: issued.pdf.count, pdfSha256: issued.pdfSha256,
                                       issuedAt: Timestamp.rfc3339(ms: now), jobId: job.id)
        context.logger.info("certificate issued", job.logFields(["classId": .string(record.classId), "certificateId": .string(certificateId),
            "studentCount": .number(Double(stored.studentCount)), "pdfBytes": .number(Double(stored.pdfBytes))]))
        return .done(CertificateRules.issuedOutcome, "the e-certificate \(certificateId) of class \(record.classId) is issued: "
                        + "\(stored.studentCount) students, \(stored.qualifiedCount) qualified",
                     effects: CertificateEffects(keys: keys, job: job, nowMs: now).issuing(stored, pdf: issued.pdf),
                     guards: [Guard(key: keys.certificate(certificateId), field: "", expected: "0"),
                              Guard(key: keys.classRecord(record.classId), field: "certificateId", expected: certificateId)],
                     fields: fields + Self.resultFields(stored))
    }

    static func resultFields(_ stored: CertificateRecord) -> [(String, String)] {
        [("certificateId", stored.certificateId), ("studentCount", String(stored.studentCount)), ("qualifiedCount", String(stored.qualifiedCount)),
         ("pdfBytes", String(stored.pdfBytes))]
    }
}
