import DepartmentReview
import WorkflowKernel

/// A message refused by the subsidy workflow's rules.
public typealias SubsidyRefusal = DomainRefusal<SubsidyRefusalCode>

/// The contract's refusal codes of the subsidy workflow.
public enum SubsidyRefusalCode: String, Sendable, Equatable, CaseIterable, ReviewRefusalCode {
    case validationFailed = "validation_failed"
    /// Another institution's class, a department that did not certify the institution, or a
    /// reviewer not registered, inactive or of another department.
    case forbidden
    case unknownClass = "unknown_class"
    case notCertified = "not_certified"
    /// The class is not closed, or closed with another certificate.
    case notClosed = "not_closed"
    /// The certificate was claimed before.
    case alreadyClaimed = "already_claimed"
    case staleRevision = "stale_revision"
    case unknownRevision = "unknown_revision"
    case alreadyDecided = "already_decided"
    case notPending = "not_pending"
}
