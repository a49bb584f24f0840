import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel

/// `vtctl review list|decide`: a department's pending certification reviews, and deciding one
/// (by enqueueing a `certification.decided` job, exactly as the reviewers' front end does).
enum ReviewCommand {
    static func options(_ verb: String) -> (values: Set<String>, flags: Set<String>) {
        switch verb {
        case "list": return (["department", "kind"], [])
        case "decide": return (["institution", "application", "items", "revision", "reviewer", "department", "decision", "reason", "timeout", "kind"], [])
        default: return ([], [])
        }
    }

    static func parse(verb: String, _ args: Arguments) throws(UsageError) -> Command {
        _ = try args.positionals([])
        switch args.values["kind"] ?? "certification" {
        case "certification":
            for name in ["application", "items"] where args.values[name] != nil { throw UsageError("--\(name) is for --kind qualification") }
        case "qualification": return try QualificationReview.parse(verb: verb, args)
        default: throw UsageError("--kind must be certification or qualification")
        }
        switch verb {
        case "list":
            return .reviewList(departmentId: try args.required("department"))
        case "decide":
            let decision = try args.required("decision")
            guard decision == "approve" || decision == "reject" else { throw UsageError("--decision must be approve or reject") }
            let reason = args.values["reason"]
            if decision == "reject" && (reason ?? "").isEmpty { throw UsageError("--reason is required to reject") }
            guard let revision = try args.integer("revision", minimum: 1) else { throw UsageError("--revision is required") }
            return .reviewDecide(DecideOptions(
                institutionId: try args.required("institution"), revision: revision, reviewerId: try args.required("reviewer"),
                departmentId: try args.required("department"), decision: decision, reason: reason,
                timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds))
        default:
            throw UsageError("unknown subcommand review \(verb) (list, decide)")
        }
    }

    /// The `certification.decided` envelope for `options`.
    static func envelope(_ o: DecideOptions, jobId: String, nowMs: Int64, producer: String) -> JobEnvelope {
        var payload: [String: JSONValue] = ["institutionId": .string(o.institutionId), "revision": .number(Double(o.revision)),
                                            "reviewerId": .string(o.reviewerId), "departmentId": .string(o.departmentId),
                                            "decision": .string(o.decision)]
        if let reason = o.reason { payload["reason"] = .string(reason) }
        return JobEnvelope(id: jobId, type: CertificationDecisionPayload.type, createdAt: Timestamp.rfc3339(ms: nowMs), producer: producer,
                           traceId: jobId, payload: .object(payload))
    }

    static func list(_ s: Session, departmentId: String) throws -> ExitCode {
        let now = s.clock.nowMs()
        let reviews = try CertificationInspector(keys: s.keys, connection: s.connection).pendingReviews(departmentId: departmentId, nowMs: now)
        if s.json {
            s.outJSON(.array(reviews.map(\.json)))
            return .ok
        }
        if reviews.isEmpty {
            s.out("nothing pending for department \(departmentId)")
            return .ok
        }
        s.out(pad("INSTITUTION", 24) + pad("REVISION", 10) + pad("WAITED", 10) + pad("SUBMITTED", 26) + pad("REGION", 8) + "NAME")
        for r in reviews {
            s.out(pad(r.institutionId, 24) + pad(String(r.revision), 10) + pad(formatDuration(ms: r.waitedMs), 10)
                  + pad(Timestamp.rfc3339(ms: r.submittedAtMs), 26) + pad(r.regionCode, 8) + r.name + (r.isChange ? " (change)" : ""))
        }
        return .ok
    }

    static func decide(_ s: Session, _ o: DecideOptions) throws -> ExitCode {
        let jobId = Session.newJobId("decide")
        let envelope = envelope(o, jobId: jobId, nowMs: s.clock.nowMs(), producer: Session.producerName)
        return try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: o.timeoutSeconds)
    }
}
