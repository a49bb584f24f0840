import JobQueue
import WorkflowKernel

/// The refusal codes every review workflow has (its code enum's cases witness them).
public protocol ReviewRefusalCode: RawRepresentable, Sendable, Equatable where RawValue == String {
    static var validationFailed: Self { get }
    /// The reviewer is not registered, inactive, or of another department.
    static var forbidden: Self { get }
    /// The decision names a superseded revision.
    static var staleRevision: Self { get }
    /// The decision names a revision that was never handed out.
    static var unknownRevision: Self { get }
}

extension DomainRefusal where Code: ReviewRefusalCode {
    /// `forbidden` for a reviewer that `decision.permitted(_:)` turns away.
    public static func forbidden<Verdict>(_ reviewer: ReviewerRecord?, for decision: ReviewDecision<Verdict>) -> Self {
        guard let reviewer, reviewer.active else {
            return Self(.forbidden, "reviewer \(decision.reviewerId) is not a registered, active reviewer")
        }
        return Self(.forbidden, "reviewer \(reviewer.reviewerId) belongs to department \(reviewer.departmentId), not \(decision.departmentId)")
    }

    /// `validation_failed` for a `reject` whose reason is empty.
    public static var missingReason: Self {
        Self(.validationFailed, "a rejection needs a reason",
             errors: [FieldError(field: "payload.reason", code: "field.required", message: "reason is required when the decision is reject")])
    }

    /// The outcome of a refused decision: as `outcome(guards:fields:)`, with `currentRevision`
    /// added when the decision named a stale or unknown revision.
    public func outcome(currentRevision: Int, guards: [Guard], fields: [(String, String)]) -> JobOutcome {
        let stale = code == .staleRevision || code == .unknownRevision
        return outcome(guards: guards, fields: stale ? fields + [("currentRevision", String(currentRevision))] : fields)
    }
}
