import DepartmentReview
import Foundation
import JobQueue
import RedisClient
import Subsidy
import TrainingDomain
import WorkflowKernel

/// `vtctl review list|decide --kind subsidy` (declared in `ReviewCommand`): a department's
/// pending claims, and deciding one by enqueueing a `subsidy.decided` job as the reviewers'
/// front end does.
enum SubsidyReview {
    /// `review decide --kind subsidy`'s options. Pure.
    static func decideOptions(_ args: Arguments) throws(UsageError) -> SubsidyDecideOptions {
        for name in ["institution", "application", "items"] where args.values[name] != nil { throw UsageError("--\(name) is not for --kind subsidy; name the --claim") }
        let decision = try args.required("decision")
        guard ["approve", "reject", "partial"].contains(decision) else { throw UsageError("--decision must be approve, reject or partial") }
        let reason = args.values["reason"]
        if decision == "reject" && (reason ?? "").isEmpty { throw UsageError("--reason is required to reject") }
        let students = try parseStudents(args.values["students"])
        if decision == "partial" && students.isEmpty { throw UsageError("--students is required for a partial decision") }
        if decision != "partial" && !students.isEmpty { throw UsageError("--students is only for a partial decision") }
        guard let revision = try args.integer("revision", minimum: 1) else { throw UsageError("--revision is required") }
        return SubsidyDecideOptions(claimId: try args.required("claim"), revision: revision, reviewerId: try args.required("reviewer"),
                                    departmentId: try args.required("department"), decision: decision, reason: reason, students: students,
                                    timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
    }

    /// `ID=approve,ID=reject`.
    static func parseStudents(_ text: String?) throws(UsageError) -> [SubsidyStudentDecision] {
        guard let text, !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { part throws(UsageError) in
            let sides = part.split(separator: "=").map(String.init)
            guard sides.count == 2, ["approve", "reject"].contains(sides[1]) else {
                throw UsageError("--students takes ID=approve|reject separated by commas, got \(part)")
            }
            return SubsidyStudentDecision(idNumber: ResidentIDNumber.normalize(sides[0]), approve: sides[1] == "approve")
        }
    }

    /// The `subsidy.decided` envelope for `o`, checked by the worker's own decoder.
    static func envelope(_ o: SubsidyDecideOptions, jobId: String, nowMs: Int64, producer: String) -> JobEnvelope {
        let verdict: SubsidyVerdict
        switch o.decision {
        case "approve": verdict = .approve
        case "reject": verdict = .reject(reason: o.reason ?? "")
        default: verdict = .partial(students: o.students, reason: o.reason)
        }
        let request = SubsidyDecisionRequest(claimId: o.claimId, revision: o.revision, reviewerId: o.reviewerId, departmentId: o.departmentId, verdict: verdict)
        return JobEnvelope(id: jobId, type: SubsidyDecisionPayload.type, createdAt: Timestamp.rfc3339(ms: nowMs), producer: producer,
                           traceId: jobId, payload: request.json)
    }

    static func list(_ s: Session, departmentId: String) throws -> ExitCode {
        let keys = SubsidyKeys(s.keys.queue)
        let now = s.clock.nowMs()
        let ids = (try s.connection.send("ZRANGE", keys.reviewSet(departmentId), 0, -1).throwingServerError().array ?? []).compactMap(\.string)
        let replies = try s.connection.pipeline(ids.map { RedisCommand("HGETALL", keys.claim($0)) })
        let claims = try replies.compactMap { try SubsidyClaim(fields: $0.throwingServerError().fieldMap) }
        if s.json {
            s.outJSON(.array(claims.map { c in
                ["claimId": .string(c.claimId), "institutionId": .string(c.institutionId), "classId": .string(c.classId),
                 "revision": .number(Double(c.revision)), "claimedAt": .string(Timestamp.rfc3339(ms: c.claimedAtMs)),
                 "waitedMs": .number(Double(now - c.claimedAtMs)), "studentCount": .number(Double(c.lines.count)),
                 "eligibleCount": .number(Double(c.eligibleCount)), "claimedAmount": .number(Double(c.claimedAmount))]
            }))
            return .ok
        }
        if claims.isEmpty {
            s.out("no subsidy claim pending for department \(departmentId)")
            return .ok
        }
        s.out(pad("CLAIM", 28) + pad("INSTITUTION", 24) + pad("CLASS", 24) + pad("REVISION", 10) + pad("WAITED", 10) + pad("ELIGIBLE", 10) + "AMOUNT")
        for c in claims {
            s.out(pad(c.claimId, 28) + pad(c.institutionId, 24) + pad(c.classId, 24) + pad(String(c.revision), 10)
                  + pad(formatDuration(ms: now - c.claimedAtMs), 10) + pad("\(c.eligibleCount)/\(c.lines.count)", 10) + "\(c.claimedAmount) 元")
        }
        return .ok
    }

    static func decide(_ s: Session, _ o: SubsidyDecideOptions) throws -> ExitCode {
        let jobId = Session.newJobId("decide")
        let envelope = envelope(o, jobId: jobId, nowMs: s.clock.nowMs(), producer: Session.producerName)
        if case .failure(let errors) = SubsidyDecisionPayload.decode(envelope.payload) {
            for e in errors.errors { s.err("\(e.field): \(e.code) \(e.message)") }
            return .usage
        }
        return try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: o.timeoutSeconds, queue: SubsidyKeys.queueName)
    }
}

/// `review decide --kind subsidy`'s options; `students` for `partial`.
struct SubsidyDecideOptions: Equatable, Sendable {
    var claimId: String
    var revision: Int
    var reviewerId: String
    var departmentId: String
    var decision: String
    var reason: String?
    var students: [SubsidyStudentDecision]
    var timeoutSeconds: Int
}
