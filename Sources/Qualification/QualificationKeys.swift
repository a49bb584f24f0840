import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel

/// Every Redis key the qualification workflow uses. Contract names keep their spelling
/// (`{p}:queue:qualification`, `{p}:review:qualification:{departmentId}`, `{p}:events`,
/// `{p}:queue:notification`); state, the application index, the due index and audit are the
/// project's own.
public struct QualificationKeys: Sendable, Equatable {
    public let queue: QueueKeys

    public init(_ queue: QueueKeys) { self.queue = queue }
    public init(prefix: String = "vt") { self.queue = QueueKeys(prefix: prefix) }

    public var prefix: String { queue.prefix }
    /// The department reviewers' keys.
    public var reviewerKeys: ReviewerKeys { ReviewerKeys(queue) }

    /// The queue name of this workflow's jobs.
    public static let queueName = "qualification"

    /// `{p}:queue:qualification`.
    public var qualificationQueue: String { queue.queue(Self.queueName) }

    /// `{p}:qualification:{institutionId}`: hash with `version`, `revision`, the pending
    /// application (`pending`, JSON), the last decision, and one field `item:{occupation}:{level}`
    /// per approved item (JSON; see `ApprovedItem`).
    public func state(_ institutionId: String) -> String { QualificationQuery.stateKey(institutionId, prefix: prefix) }

    /// `{p}:qualification:applications`: hash applicationId → institutionId (decisions name the application).
    public var applicationIndex: String { "\(prefix):qualification:applications" }

    /// `{p}:qualification:due`: sorted set of expiry steps, score = due time (ms), member =
    /// `institutionId|occupation|level|validUntil|step` (see `ExpiryStep`).
    public var due: String { "\(prefix):qualification:due" }

    /// `{p}:review:qualification:{departmentId}`: pending applications, member = application id,
    /// score = applied time (ms).
    public func reviewSet(_ departmentId: String) -> String { "\(prefix):review:qualification:\(departmentId)" }

    /// `{p}:audit:qualification:{institutionId}`: append-only trail of applications, decisions, expiries.
    public func audit(_ institutionId: String) -> String { "\(prefix):audit:qualification:\(institutionId)" }

    /// `{p}:institution:{id}`: the certification record (read through `CertificationQuery`).
    public func institution(_ institutionId: String) -> String { CertificationQuery.institutionKey(institutionId, prefix: prefix) }

    /// `{p}:reviewer:{id}`: the reviewer registry entry.
    public func reviewer(_ reviewerId: String) -> String { reviewerKeys.reviewer(reviewerId) }

    public var notificationQueue: String { queue.queue(WorkflowEffects.notificationQueueName) }
    public var events: String { queue.events }
    public func result(_ jobId: String) -> String { queue.result(jobId) }
}
