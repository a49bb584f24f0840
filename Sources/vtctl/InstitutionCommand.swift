import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// `vtctl institution show ID`: an institution's certification state, revision and history.
enum InstitutionCommand {
    static let commands: [any VtctlCommand.Type] = [Show.self]

    /// `institution show INSTITUTION_ID`.
    struct Show: VtctlCommand {
        var institutionId: String

        static let words = ["institution", "show"]
        static let usage = ["institution show INSTITUTION_ID"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            Show(institutionId: try args.positionals(["INSTITUTION_ID"])[0])
        }

        func run(_ s: Session) throws -> ExitCode { try InstitutionCommand.show(s, institutionId: institutionId) }
    }

    /// The profile with its phone masked: what vtctl shows of submitted data.
    static func maskedJSON(_ p: InstitutionProfile) -> JSONValue {
        guard case .object(var o) = p.json else { return p.json }
        o["contactPhone"] = .string(p.maskedPhone)
        return .object(o)
    }

    static func json(_ view: CertificationInspector.InstitutionView) -> JSONValue {
        let r = view.record
        var o: [String: JSONValue] = ["institutionId": .string(r.institutionId), "state": .string(r.state.rawValue),
                                      "revision": .number(Double(r.revision)), "version": .number(Double(r.version))]
        if let p = r.pending { o["pending"] = maskedJSON(p) }
        if let c = r.current { o["current"] = maskedJSON(c) }
        if let d = r.departmentId { o["departmentId"] = .string(d) }
        if let n = r.certifiedRevision { o["certifiedRevision"] = .number(Double(n)) }
        if let n = r.decided.revision { o["decidedRevision"] = .number(Double(n)) }
        if let d = r.decided.outcome { o["decision"] = .string(d) }
        if let reason = r.decided.reason { o["reason"] = .string(reason) }
        o["history"] = .array(view.history.map { e in
            var entry: [String: JSONValue] = ["at": .string(Timestamp.rfc3339(ms: e.atMs)), "action": .string(e.action),
                                              "actor": .string(e.actor), "revision": .number(Double(e.revision))]
            if let jobId = e.jobId { entry["jobId"] = .string(jobId) }
            if let producer = e.producer { entry["producer"] = .string(producer) }
            for key in ["reason", "departmentId", "supersededRevision"] { if let v = e.details[key] { entry[key] = .string(v) } }
            return .object(entry)
        })
        return .object(o)
    }

    static func show(_ s: Session, institutionId: String) throws -> ExitCode {
        guard let view = try CertificationInspector(keys: s.keys, connection: s.connection).institution(institutionId) else {
            if s.json { s.outJSON(["institutionId": .string(institutionId), "state": "none"]) } else { s.out("institution \(institutionId): no certification state") }
            return .error
        }
        if s.json {
            s.outJSON(json(view))
            return .ok
        }
        let r = view.record
        s.out("institution \(r.institutionId): \(r.state.rawValue) (\(r.state.chineseName))")
        s.out("  revision: \(r.revision)\(r.pending != nil ? " (pending review by department \(r.departmentId ?? "?"))" : "")")
        if let n = r.certifiedRevision { s.out("  certified revision: \(n)") }
        if let d = r.decided.outcome, let n = r.decided.revision { s.out("  last decision: \(d) revision \(n) by \(r.decided.by ?? "?")\(r.decided.reason.map { ": \($0)" } ?? "")") }
        for (label, profile) in [("certified", r.current), ("pending", r.pending)] {
            guard let p = profile else { continue }
            s.out("  \(label): \(p.name) · \(p.principal) · \(p.maskedPhone) · \(p.licenseType.chineseName) \(p.licenseNumber) · \(p.regionCode) \(p.address)")
        }
        s.out("history:")
        for e in view.history {
            var line = "  \(Timestamp.rfc3339(ms: e.atMs))  \(pad(e.action, 10))revision \(e.revision)  by \(e.actor)"
            if let jobId = e.jobId { line += "  job \(jobId)" }
            if let reason = e.details["reason"] { line += "  reason: \(reason)" }
            if let superseded = e.details["supersededRevision"] { line += "  (supersedes \(superseded))" }
            s.out(line)
        }
        return .ok
    }
}
