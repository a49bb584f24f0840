import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel

/// `vtctl reviewer add|list|remove`: the department reviewers who may decide certifications.
enum ReviewerCommand {
    static let commands: [any VtctlCommand.Type] = [Add.self, List.self, Remove.self]

    /// `reviewer add REVIEWER_ID --department DEPT [--name NAME]`.
    struct Add: VtctlCommand {
        var reviewerId: String
        var departmentId: String
        var name: String?

        static let words = ["reviewer", "add"]
        static let usage = ["reviewer add REVIEWER_ID --department DEPT [--name NAME]"]
        static let options = OptionNames(values: ["department", "name"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let id = try args.positionals(["REVIEWER_ID"])[0]
            return Add(reviewerId: id, departmentId: try args.required("department"), name: args.values["name"])
        }

        func run(_ s: Session) throws -> ExitCode {
            let registry = ReviewerRegistry(keys: s.keys.reviewerKeys, connection: s.connection)
            let record = try registry.add(reviewerId: reviewerId, departmentId: departmentId, name: name, nowMs: s.clock.nowMs())
            if s.json { s.outJSON(ReviewerCommand.json(record)) } else { s.out("reviewer \(record.reviewerId) may decide for department \(record.departmentId)") }
            return .ok
        }
    }

    /// `reviewer list [--department DEPT]`.
    struct List: VtctlCommand {
        var departmentId: String?

        static let words = ["reviewer", "list"]
        static let usage = ["reviewer list [--department DEPT]"]
        static let options = OptionNames(values: ["department"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return List(departmentId: args.values["department"])
        }

        func run(_ s: Session) throws -> ExitCode {
            let reviewers = try ReviewerRegistry(keys: s.keys.reviewerKeys, connection: s.connection).list(departmentId: departmentId)
            if s.json {
                s.outJSON(.array(reviewers.map(ReviewerCommand.json)))
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
    }

    /// `reviewer remove REVIEWER_ID`.
    struct Remove: VtctlCommand {
        var reviewerId: String

        static let words = ["reviewer", "remove"]
        static let usage = ["reviewer remove REVIEWER_ID"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            Remove(reviewerId: try args.positionals(["REVIEWER_ID"])[0])
        }

        func run(_ s: Session) throws -> ExitCode {
            let removed = try ReviewerRegistry(keys: s.keys.reviewerKeys, connection: s.connection).remove(reviewerId: reviewerId)
            if s.json { s.outJSON(["reviewerId": .string(reviewerId), "removed": .bool(removed)]) } else {
                s.out(removed ? "reviewer \(reviewerId) removed" : "no reviewer \(reviewerId)")
            }
            return removed ? .ok : .error
        }
    }

    static func json(_ r: ReviewerRecord) -> JSONValue {
        ["reviewerId": .string(r.reviewerId), "departmentId": .string(r.departmentId), "name": r.name.map(JSONValue.string) ?? .null,
         "active": .bool(r.active), "addedAt": r.addedAt.map(JSONValue.string) ?? .null]
    }
}
