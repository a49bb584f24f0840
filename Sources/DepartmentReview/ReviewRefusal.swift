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
    /// The decision names the revision decided last.
    static var alreadyDecided: Self { get }
    /// Nothing is pending for the subject.
    static var notPending: Self { get }
}

extension DomainRefusal where Code: ReviewRefusalCode {
    /// `forbidden` for a reviewer that `decision.permitted(_:)` turns away.
    public static func forbidden<Verdict>(_ reviewer: ReviewerRecord?, for decision: ReviewDecision<Verdict>) -> Self {
        guard let reviewer, reviewer.active else {
            return Self(.forbidden, "reviewer \(decision.reviewerId) is not a registered, active reviewer")
        }
        return Self(.forbidden, "reviewer \(reviewer.reviewerId) belongs to department \(reviewer.departmentId), not \(decision.departmentId)")
    }

    /// The guards every decision passes on the subject's pending state, in this order: the
    /// subject was routed to the deciding department (`forbidden`), and the decision names its
    /// current revision (`unknown_revision` past it, `stale_revision` before it). Nil when all hold.
    /// - Parameter subject: how results name the subject (`institution inst-1`, `application app-1`).
    public static func routing<Verdict>(_ decision: ReviewDecision<Verdict>, subject: String, routedTo: String, currentRevision: Int) -> Self? {
        guard routedTo == decision.departmentId else {
            return Self(.forbidden, "\(subject) was routed to department \(routedTo), not \(decision.departmentId)")
        }
        guard decision.revision <= currentRevision else {
            return Self(.unknownRevision, "\(subject) has no revision \(decision.revision); the latest is \(currentRevision)")
        }
        guard decision.revision == currentRevision else {
            return Self(.staleRevision, "revision \(decision.revision) of \(subject) is superseded by revision \(currentRevision)")
        }
        return nil
    }

    /// `already_decided` for a decision naming the revision `decided` records.
    public static func alreadyDecided(_ subject: String, _ decided: DecidedState) -> Self {
        Self(.alreadyDecided, "revision \(decided.revision ?? 0) of \(subject) was already decided (\(decided.outcome ?? "decided"))")
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
