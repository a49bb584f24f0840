import JobQueue
import WorkflowKernel
/// A department reviewer, as `{p}:reviewer:{reviewerId}` stores it.
public struct ReviewerRecord: Sendable, Equatable {
    public var reviewerId: String
    /// The six-digit code of the one department the reviewer belongs to.
    public var departmentId: String
    public var name: String?
    /// Inactive reviewers may not decide.
    public var active: Bool
    /// RFC 3339.
    public var addedAt: String?

    public init(reviewerId: String, departmentId: String, name: String? = nil, active: Bool = true, addedAt: String? = nil) {
        self.reviewerId = reviewerId
        self.departmentId = departmentId
        self.name = name
        self.active = active
        self.addedAt = addedAt
    }

    /// Reads `HGETALL`; nil for an absent (or unreadable) reviewer.
    public init?(reviewerId: String, fields: [String: String]) {
        guard let department = fields["department"], !department.isEmpty else { return nil }
        self.init(reviewerId: reviewerId, departmentId: department, name: fields["name"],
                  active: fields["active"] == "1", addedAt: fields["addedAt"])
    }

    /// The hash fields.
    public var fields: [(String, String)] {
        var f = [("department", departmentId), ("active", active ? "1" : "0")]
        if let name { f.append(("name", name)) }
        if let addedAt { f.append(("addedAt", addedAt)) }
        return f
    }

    /// The hash fields a decision depends on, with their current values (`""` when absent):
    /// what a decision's guards pin down, so a reviewer removed meanwhile makes it re-run.
    public static func guardedFields(_ reviewer: ReviewerRecord?) -> [(field: String, value: String)] {
        [("department", reviewer?.departmentId ?? ""), ("active", reviewer.map { $0.active ? "1" : "0" } ?? "")]
    }

    /// The guards of a decision by this reviewer (whose hash is `key`): ``guardedFields(_:)``.
    public static func guards(_ reviewer: ReviewerRecord?, key: String) -> [Guard] {
        guardedFields(reviewer).map { Guard(key: key, field: $0.field, expected: $0.value) }
    }
}
