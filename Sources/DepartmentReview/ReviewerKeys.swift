import JobQueue

/// The keys of the department reviewers every review workflow shares (the project's own names).
public struct ReviewerKeys: Sendable, Equatable {
    public let prefix: String

    public init(_ queue: QueueKeys) { self.prefix = queue.prefix }

    public init(prefix: String = "vt") { self.prefix = prefix }

    /// `{p}:reviewer:{reviewerId}`: hash with a reviewer's `department`, `name`, `active`, `addedAt`.
    public func reviewer(_ reviewerId: String) -> String { "\(prefix):reviewer:\(reviewerId)" }

    /// `{p}:reviewers`: set of every registered reviewer id.
    public var reviewers: String { "\(prefix):reviewers" }
}
