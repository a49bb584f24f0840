import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel

/// What `QualificationMachine` decided for one message.
public enum QualificationDecision: Sendable, Equatable {
    case applied(QualificationTransition)
    case refused(QualificationRefusal)

    public var outcome: String {
        switch self {
        case .applied(let t): return t.kind.outcome
        case .refused(let r): return r.code.rawValue
        }
    }
}

/// A change of an institution's qualification state with everything it causes.
public struct QualificationTransition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An application accepted; `superseded` is the pending application it replaced.
        case applied(superseded: PendingApplication?)
        case approved
        case declined(reason: String)
        case partiallyApproved

        public var outcome: String {
            switch self {
            case .applied: return "pending_review"
            case .approved: return "approved"
            case .declined: return "declined"
            case .partiallyApproved: return "partially_approved"
            }
        }
    }

    public let kind: Kind
    public let applicationId: String
    public let revision: Int
    public let before: QualificationRecord
    public let after: QualificationRecord
    /// Items this transition approved (their expiry steps are scheduled; earlier steps of the same
    /// keys in `before` are cancelled).
    public let approvedItems: [ApprovedItem]
    /// What a decision granted, left out as lapsed, and re-dated (empty for an application).
    public var grant: QualificationGrant? = nil
    public let message: String
    public let event: DomainEvent
    public let notification: NotificationRequest
    public let audit: AuditEntry
}

/// A message refused by the qualification workflow's rules.
public typealias QualificationRefusal = DomainRefusal<QualificationRefusalCode>

/// The contract's refusal codes of the qualification workflow.
public enum QualificationRefusalCode: String, Sendable, Equatable, CaseIterable, ReviewRefusalCode {
    case validationFailed = "validation_failed"
    /// The institution is not certified.
    case notCertified = "not_certified"
    /// Not the certifying department, or the reviewer is not a registered, active reviewer of it.
    case forbidden
    /// A currently approved, unexpired item is not listed again.
    case missingApprovedItems = "missing_approved_items"
    case staleRevision = "stale_revision"
    case unknownRevision = "unknown_revision"
    case alreadyDecided = "already_decided"
    case notPending = "not_pending"
}
