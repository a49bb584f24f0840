import JobQueue
import TrainingDomain

/// A reviewer's decision as a `certification.decided` payload carries it, validated.
public struct DecisionRequest: Sendable, Equatable {
    /// What the reviewer decided.
    public enum Verdict: Sendable, Equatable {
        case approve
        /// The reason is required and non-empty.
        case reject(reason: String)
    }

    public var institutionId: String
    /// The pending revision the reviewer looked at.
    public var revision: Int
    public var reviewerId: String
    /// The department the reviewer acts for.
    public var departmentId: String
    public var verdict: Verdict

    public init(institutionId: String, revision: Int, reviewerId: String, departmentId: String, verdict: Verdict) {
        self.institutionId = institutionId
        self.revision = revision
        self.reviewerId = reviewerId
        self.departmentId = departmentId
        self.verdict = verdict
    }

    /// The payload object of this decision.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["institutionId": .string(institutionId), "revision": .number(Double(revision)),
                                      "reviewerId": .string(reviewerId), "departmentId": .string(departmentId)]
        switch verdict {
        case .approve: o["decision"] = "approve"
        case .reject(let reason):
            o["decision"] = "reject"
            o["reason"] = .string(reason)
        }
        return .object(o)
    }
}

/// Decoding and validation of a `certification.decided` payload.
public enum DecisionPayload {
    /// The message type.
    public static let type = "certification.decided"
    public static let maxReasonLength = 500


    /// The validated request, or every field error (`field.required` for a `reject` without a reason).
    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<DecisionRequest, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type",
                                                         message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let institutionId = r.identifier("institutionId")
        let revision = r.integer("revision", minimum: 1)
        let reviewerId = r.identifier("reviewerId")
        let department = r.department("departmentId", regions: regions)
        let decision = r.oneOf("decision", ["approve", "reject"])
        let reason = r.string("reason", required: false, maxLength: maxReasonLength)
        if decision == "reject", reason == nil, !r.errors.contains(where: { $0.field == r.path("reason") }) {
            r.fail("reason", "field.required", "reason is required when the decision is reject")
        }
        guard r.errors.isEmpty, let institutionId, let revision, let reviewerId, let department, let decision else {
            return .failure(ValidationErrors(r.errors))
        }
        let verdict: DecisionRequest.Verdict = decision == "approve" ? .approve : .reject(reason: reason ?? "")
        return .success(DecisionRequest(institutionId: institutionId, revision: revision, reviewerId: reviewerId,
                                        departmentId: department.code, verdict: verdict))
    }
}
