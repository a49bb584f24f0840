import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel

/// `vtctl review list|decide`: a department's pending reviews, and deciding one by enqueueing a
/// decision job exactly as the reviewers' front end does. `--kind certification` (the default),
/// `--kind qualification` (see `QualificationReview`) or `--kind subsidy` (see `SubsidyReview`).
enum ReviewCommand {
    static let commands: [any VtctlCommand.Type] = [List.self, Decide.self]

    /// What `--kind` names.
    enum Kind: String, Sendable {
        case certification, qualification, subsidy

        /// `--kind`'s value (default certification); certification refuses the other kinds' options.
        static func of(_ args: Arguments) throws(UsageError) -> Kind {
            guard let kind = Kind(rawValue: args.values["kind"] ?? "certification") else {
                throw UsageError("--kind must be certification, qualification or subsidy")
            }
            if kind == .certification {
                for name in ["application", "items"] where args.values[name] != nil { throw UsageError("--\(name) is for --kind qualification") }
                for name in ["claim", "students"] where args.values[name] != nil { throw UsageError("--\(name) is for --kind subsidy") }
            }
            if kind == .qualification {
                for name in ["claim", "students"] where args.values[name] != nil { throw UsageError("--\(name) is for --kind subsidy") }
            }
            return kind
        }
    }

    /// `review list [--kind K] --department DEPT`.
    enum List: VtctlCommand {
        case certification(departmentId: String)
        case qualification(departmentId: String)
        case subsidy(departmentId: String)

        static let words = ["review", "list"]
        static let usage = ["review list [--kind certification|qualification|subsidy] --department DEPT"]
        static let options = OptionNames(values: ["department", "kind"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            let kind = try Kind.of(args)
            let department = try args.required("department")
            switch kind {
            case .certification: return .certification(departmentId: department)
            case .qualification: return .qualification(departmentId: department)
            case .subsidy: return .subsidy(departmentId: department)
            }
        }

        func run(_ s: Session) throws -> ExitCode {
            switch self {
            case .certification(let department): return try ReviewCommand.list(s, departmentId: department)
            case .qualification(let department): return try QualificationReview.list(s, departmentId: department)
            case .subsidy(let department): return try SubsidyReview.list(s, departmentId: department)
            }
        }
    }

    /// `review decide …`: a certification decision (`--institution`) or a qualification one (`--application`).
    enum Decide: VtctlCommand {
        case certification(DecideOptions)
        case qualification(QualificationDecideOptions)
        case subsidy(SubsidyDecideOptions)

        static let words = ["review", "decide"]
        static let usage = [
            "review decide --institution ID --revision N --reviewer R --department DEPT",
            "              --decision approve|reject [--reason TEXT] [--timeout SECONDS]",
            "review decide --kind qualification --application ID --revision N --reviewer R --department DEPT",
            "              --decision approve|reject|partial [--reason TEXT]",
            "              [--items occupation:level=approve|reject,...] [--timeout SECONDS]",
            "review decide --kind subsidy --claim ID --revision N --reviewer R --department DEPT",
            "              --decision approve|reject|partial [--reason TEXT]",
            "              [--students ID=approve|reject,...] [--timeout SECONDS]",
        ]
        static let options = OptionNames(values: ["institution", "application", "items", "revision", "reviewer", "department", "decision",
                                                  "reason", "timeout", "kind", "claim", "students"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            switch try Kind.of(args) {
            case .qualification: return .qualification(try QualificationReview.decideOptions(args))
            case .subsidy: return .subsidy(try SubsidyReview.decideOptions(args))
            case .certification: break
            }
            let decision = try args.required("decision")
            guard decision == "approve" || decision == "reject" else { throw UsageError("--decision must be approve or reject") }
            let reason = args.values["reason"]
            if decision == "reject" && (reason ?? "").isEmpty { throw UsageError("--reason is required to reject") }
            guard let revision = try args.integer("revision", minimum: 1) else { throw UsageError("--revision is required") }
            return .certification(DecideOptions(
                institutionId: try args.required("institution"), revision: revision, reviewerId: try args.required("reviewer"),
                departmentId: try args.required("department"), decision: decision, reason: reason,
                timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds))
        }

        func run(_ s: Session) throws -> ExitCode {
            switch self {
            case .certification(let o):
                let jobId = Session.newJobId("decide")
                let envelope = ReviewCommand.envelope(o, jobId: jobId, nowMs: s.clock.nowMs(), producer: Session.producerName)
                return try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: o.timeoutSeconds)
            case .qualification(let o): return try QualificationReview.decide(s, o)
            case .subsidy(let o): return try SubsidyReview.decide(s, o)
            }
        }
    }

    /// The `certification.decided` envelope for `o`.
    static func envelope(_ o: DecideOptions, jobId: String, nowMs: Int64, producer: String) -> JobEnvelope {
        var payload: [String: JSONValue] = ["institutionId": .string(o.institutionId), "revision": .number(Double(o.revision)),
                                            "reviewerId": .string(o.reviewerId), "departmentId": .string(o.departmentId),
                                            "decision": .string(o.decision)]
        if let reason = o.reason { payload["reason"] = .string(reason) }
        return JobEnvelope(id: jobId, type: CertificationDecisionPayload.type, createdAt: Timestamp.rfc3339(ms: nowMs), producer: producer,
                           traceId: jobId, payload: .object(payload))
    }

    /// A department's pending certification reviews, oldest first.
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
}

/// `review decide`'s options for a certification.
struct DecideOptions: Equatable, Sendable {
    var institutionId: String
    var revision: Int
    var reviewerId: String
    var departmentId: String
    var decision: String
    var reason: String?
    var timeoutSeconds: Int
}
