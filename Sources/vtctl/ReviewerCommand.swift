import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel

/// `vtctl reviewer add|list|remove`: the department reviewers who may decide certifications.
enum ReviewerCommand {
    static func options(_ verb: String) -> (values: Set<String>, flags: Set<String>) {
        switch verb {
        case "add": return (["department", "name"], [])
        case "list": return (["department"], [])
        default: return ([], [])
        }
    }

    static func parse(verb: String, _ args: Arguments) throws(UsageError) -> Command {
        switch verb {
        case "add":
            let id = try args.positionals(["REVIEWER_ID"])[0]
            return .reviewerAdd(reviewerId: id, departmentId: try args.required("department"), name: args.values["name"])
        case "list":
            _ = try args.positionals([])
            return .reviewerList(departmentId: args.values["department"])
        case "remove":
            return .reviewerRemove(reviewerId: try args.positionals(["REVIEWER_ID"])[0])
        default:
            throw UsageError("unknown subcommand reviewer \(verb) (add, list, remove)")
        }
    }

    static func json(_ r: ReviewerRecord) -> JSONValue {
        ["reviewerId": .string(r.reviewerId), "departmentId": .string(r.departmentId), "name": r.name.map(JSONValue.string) ?? .null,
         "active": .bool(r.active), "addedAt": r.addedAt.map(JSONValue.string) ?? .null]
    }

    static func add(_ s: Session, reviewerId: String, departmentId: String, name: String?) throws -> ExitCode {
        let registry = ReviewerRegistry(keys: s.keys.reviewerKeys, connection: s.connection)
        let record = try registry.add(reviewerId: reviewerId, departmentId: departmentId, name: name, nowMs: s.clock.nowMs())
        if s.json { s.outJSON(json(record)) } else { s.out("reviewer \(record.reviewerId) may decide for department \(record.departmentId)") }
        return .ok
    }

    static func list(_ s: Session, departmentId: String?) throws -> ExitCode {
        let reviewers = try ReviewerRegistry(keys: s.keys.reviewerKeys, connection: s.connection).list(departmentId: departmentId)
        if s.json {
            s.outJSON(.array(reviewers.map(json)))
            return .ok
        }
        if reviewers.isEmpty {
            s.out("no reviewers\(departmentId.map { " in department \($0)" } ?? "")")
            return .ok
        }
        s.out(pad("REVIEWER", 20) + pad("DEPARTMENT", 12) + pad("ACTIVE", 8) + pad("ADDED", 26) + "NAME")
        for r in reviewers {
            s.out(pad(r.reviewerId, 20) + pad(r.departmentId, 12) + pad(r.active ? "yes" : "no", 8) + pad(r.addedAt ?? "-", 26) + (r.name ?? ""))
        }
        return .ok
    }

    static func remove(_ s: Session, reviewerId: String) throws -> ExitCode {
        let removed = try ReviewerRegistry(keys: s.keys.reviewerKeys, connection: s.connection).remove(reviewerId: reviewerId)
        if s.json { s.outJSON(["reviewerId": .string(reviewerId), "removed": .bool(removed)]) } else {
            s.out(removed ? "reviewer \(reviewerId) removed" : "no reviewer \(reviewerId)")
        }
        return removed ? .ok : .error
    }
}
