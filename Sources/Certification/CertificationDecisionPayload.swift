import CertificationQueries
import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// A reviewer's decision as a `certification.decided` payload carries it, validated:
/// `institutionId` is the decision's subject.
public typealias CertificationDecisionRequest = ReviewDecision<CertificationVerdict>

/// What a certification reviewer decided.
public enum CertificationVerdict: ReviewVerdict {
    case approve
    /// The reason is required and non-empty.
    case reject(reason: String)

    public static var subjectField: String { "institutionId" }
    public static var decisions: [String] { ["approve", "reject"] }

    public static func read(decision: String, reason: String?, from reader: inout PayloadReader) -> CertificationVerdict? {
        decision == "approve" ? .approve : .reject(reason: reason ?? "")
    }

    public var fields: [String: JSONValue] {
        switch self {
        case .approve: return ["decision": "approve"]
        case .reject(let reason): return ["decision": "reject", "reason": .string(reason)]
        }
    }
}

extension ReviewDecision where Verdict == CertificationVerdict {
    public init(institutionId: String, revision: Int, reviewerId: String, departmentId: String, verdict: Verdict) {
        self.init(subjectId: institutionId, revision: revision, reviewerId: reviewerId, departmentId: departmentId, verdict: verdict)
    }

    /// The institution whose pending revision is decided.
    public var institutionId: String { subjectId }
}

/// Decoding and validation of a `certification.decided` payload.
public enum CertificationDecisionPayload {
    /// The message type.
    public static let type = "certification.decided"
    public static let maxReasonLength = CertificationDecisionRequest.maxReasonLength

    /// The validated request, or every field error (`field.required` for a `reject` without a reason).
    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<CertificationDecisionRequest, ValidationErrors> {
        CertificationDecisionRequest.decode(payload, regions: regions)
    }
}
