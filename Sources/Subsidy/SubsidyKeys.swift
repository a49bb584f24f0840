import ClassQueries
import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// Every Redis key the subsidy workflow uses. Contract names keep their spelling
/// (`{p}:queue:subsidy`, `{p}:review:subsidy:{departmentId}`); the claim, the certificate index,
/// the grants and the audit trail are the project's own.
public struct SubsidyKeys: Sendable, Equatable {
    public let queue: QueueKeys

    public init(_ queue: QueueKeys) { self.queue = queue }
    public init(prefix: String = "vt") { self.queue = QueueKeys(prefix: prefix) }

    public var prefix: String { queue.prefix }
    public static let queueName = "subsidy"

    /// `{p}:subsidy:claim:{claimId}`: hash, the claim (see ``SubsidyClaim``).
    public func claim(_ claimId: String) -> String { "\(prefix):subsidy:claim:\(claimId)" }

    /// `{p}:subsidy:certificates`: hash certificateId → claimId (a certificate is claimed once).
    public var certificates: String { "\(prefix):subsidy:certificates" }

    /// `{p}:subsidy:granted:{idNumber}`: hash, what one person was granted (see ``PersonGrants``).
    public func granted(_ idNumber: String) -> String { "\(prefix):subsidy:granted:\(idNumber)" }

    /// `{p}:review:subsidy:{departmentId}`: pending claims, member = claim id, score = claimed time (ms).
    public func reviewSet(_ departmentId: String) -> String { "\(prefix):review:subsidy:\(departmentId)" }

    /// `{p}:audit:subsidy:{claimId}`: append-only trail of the claim (claimed, decided).
    public func audit(_ claimId: String) -> String { "\(prefix):audit:subsidy:\(claimId)" }

    /// `{p}:reviewer:{id}`.
    public func reviewer(_ reviewerId: String) -> String { ReviewerKeys(queue).reviewer(reviewerId) }
}
