import CertificationQueries
import DepartmentReview
import JobQueue
import WorkflowKernel

/// What `CertificationMachine` decided for one message: a transition to apply, or a refusal.
public enum CertificationDecision: Sendable, Equatable {
    case applied(CertificationTransition)
    case refused(CertificationRefusal)

    /// The outcome code for the job's result.
    public var outcome: String {
        switch self {
        case .applied(let t): return t.kind.outcome
        case .refused(let r): return r.code.rawValue
        }
    }
}

/// A change of an institution's state with everything it causes.
public struct CertificationTransition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A submission accepted; `superseded` is the pending revision it replaced.
        case submitted(superseded: Int?)
        case approved
        case declined(reason: String)

        /// The contract's outcome code.
        public var outcome: String {
            switch self {
            case .submitted: return "pending_review"
            case .approved: return "approved"
            case .declined: return "declined"
            }
        }
    }

    public let kind: Kind
    /// The revision submitted or decided.
    public let revision: Int
    public let before: InstitutionRecord
    public let after: InstitutionRecord
    /// One sentence in English for the result.
    public let message: String
    public let event: DomainEvent
    public let notification: NotificationRequest
    public let audit: AuditEntry
}

/// A message refused by the certification workflow's rules.
public typealias CertificationRefusal = DomainRefusal<CertificationRefusalCode>

/// The contract's refusal codes of the certification workflow.
public enum CertificationRefusalCode: String, Sendable, Equatable, CaseIterable, ReviewRefusalCode {
    case validationFailed = "validation_failed"
    case duplicateLicense = "duplicate_license"
    case phoneInUse = "phone_in_use"
    /// The reviewer is not registered, inactive, or of another department.
    case forbidden
    /// The decision names a superseded revision.
    case staleRevision = "stale_revision"
    /// The decision names a revision that was never handed out (added to the contract's list).
    case unknownRevision = "unknown_revision"
    case alreadyDecided = "already_decided"
    /// Nothing is pending for the institution.
    case notPending = "not_pending"
}
