/// How a review subject's latest decision went: what every reviewed record keeps besides its own
/// data (an institution's certification, a qualification application, a subsidy claim). Each
/// record stores these values under its own hash fields.
public struct DecidedState: Sendable, Equatable {
    /// The revision decided.
    public var revision: Int?
    /// The decision's outcome code (`approved`, `declined`, `partially_approved`).
    public var outcome: String?
    public var atMs: Int64?
    /// The reviewer who decided.
    public var by: String?
    /// The reviewer's reason (required for a refusal).
    public var reason: String?

    public init(revision: Int? = nil, outcome: String? = nil, atMs: Int64? = nil, by: String? = nil, reason: String? = nil) {
        self.revision = revision
        self.outcome = outcome
        self.atMs = atMs
        self.by = by
        self.reason = reason
    }

    /// True when `revision` is the one decided last: a repeated decision is `already_decided`.
    public func hasDecided(revision: Int) -> Bool { self.revision == revision }
}
