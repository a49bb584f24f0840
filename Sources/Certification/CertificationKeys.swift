import CertificationQueries
import DepartmentReview
import JobQueue
import WorkflowKernel

/// Every Redis key the certification workflow uses. Names in the contract keep their contract
/// spelling (`{p}:review:certification:{departmentId}`, `{p}:queue:notification`, `{p}:events`);
/// the rest (institution state, indexes, reviewers, audit) are the project's own.
public struct CertificationKeys: Sendable, Equatable {
    /// The runtime's keys, whose prefix every name here shares.
    public let queue: QueueKeys

    public init(_ queue: QueueKeys) { self.queue = queue }

    public init(prefix: String = "vt") { self.queue = QueueKeys(prefix: prefix) }

    public var prefix: String { queue.prefix }

    /// The queue name of this workflow's jobs.
    public static let queueName = "certification"

    /// `{p}:queue:certification`: where submissions and decisions are enqueued.
    public var certificationQueue: String { queue.queue(Self.queueName) }

    /// `{p}:institution:{id}`: hash with an institution's certification state (see `InstitutionRecord`).
    public func institution(_ institutionId: String) -> String { CertificationQuery.institutionKey(institutionId, prefix: prefix) }

    /// `{p}:index:license`: hash licence number → the institution holding it (pending or certified).
    public var licenseIndex: String { "\(prefix):index:license" }

    /// `{p}:index:phone`: hash contact phone → the institution holding it (pending or certified).
    public var phoneIndex: String { "\(prefix):index:phone" }

    /// The department reviewers' keys (`{p}:reviewer:{id}`, `{p}:reviewers`).
    public var reviewerKeys: ReviewerKeys { ReviewerKeys(queue) }

    /// `{p}:review:certification:{departmentId}`: a department's pending reviews, member =
    /// institution id, score = submitted time (ms).
    public func reviewSet(_ departmentId: String) -> String { "\(prefix):review:certification:\(departmentId)" }

    /// `{p}:audit:institution:{id}`: append-only stream of everything done to an institution.
    public func audit(_ institutionId: String) -> String { "\(prefix):audit:institution:\(institutionId)" }

    /// `{p}:queue:notification`: where notification requests are enqueued.
    public var notificationQueue: String { queue.queue(WorkflowEffects.notificationQueueName) }

    /// `{p}:events`: domain events.
    public var events: String { queue.events }

    /// `{p}:result:{jobId}`: a job's outcome hash.
    public func result(_ jobId: String) -> String { queue.result(jobId) }
}
