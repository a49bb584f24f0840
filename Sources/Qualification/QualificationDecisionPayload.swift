import Certification
import JobQueue
import TrainingDomain

/// A reviewer's decision on an application, validated.
public struct QualificationDecisionRequest: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        case approve
        case reject(reason: String)
        /// One decision per applied item; `reason` is the overall remark, if any.
        case partial(items: [ItemDecision], reason: String?)
    }

    /// One item's decision in a `partial`.
    public struct ItemDecision: Sendable, Equatable {
        public var key: ItemKey
        public var approve: Bool
        public var reason: String?
        public init(key: ItemKey, approve: Bool, reason: String? = nil) {
            self.key = key
            self.approve = approve
            self.reason = reason
        }
    }

    public var applicationId: String
    public var revision: Int
    public var reviewerId: String
    public var departmentId: String
    public var verdict: Verdict

    public init(applicationId: String, revision: Int, reviewerId: String, departmentId: String, verdict: Verdict) {
        self.applicationId = applicationId
        self.revision = revision
        self.reviewerId = reviewerId
        self.departmentId = departmentId
        self.verdict = verdict
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["applicationId": .string(applicationId), "revision": .number(Double(revision)),
                                      "reviewerId": .string(reviewerId), "departmentId": .string(departmentId)]
        switch verdict {
        case .approve: o["decision"] = "approve"
        case .reject(let reason):
            o["decision"] = "reject"
            o["reason"] = .string(reason)
        case .partial(let items, let reason):
            o["decision"] = "partial"
            if let reason { o["reason"] = .string(reason) }
            o["items"] = .array(items.map { d in
                var i: [String: JSONValue] = ["occupation": .string(d.key.occupation), "level": .string(d.key.level.rawValue),
                                              "decision": .string(d.approve ? "approve" : "reject")]
                if let r = d.reason { i["reason"] = .string(r) }
                return .object(i)
            })
        }
        return .object(o)
    }
}

/// Decoding of `qualification.decided`.
public enum QualificationDecisionPayload {
    public static let type = "qualification.decided"
    public static let maxReasonLength = 500

    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<QualificationDecisionRequest, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type",
                                                         message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let applicationId = r.identifier("applicationId")
        let revision = r.integer("revision", minimum: 1)
        let reviewerId = r.identifier("reviewerId")
        let department = r.department("departmentId", regions: regions)
        let decision = r.oneOf("decision", ["approve", "reject", "partial"])
        let reason = r.string("reason", required: false, maxLength: maxReasonLength)
        if decision == "reject", reason == nil, !r.errors.contains(where: { $0.field == r.path("reason") }) {
            r.fail("reason", "field.required", "reason is required when the decision is reject")
        }
        var items: [QualificationDecisionRequest.ItemDecision] = []
        if decision == "partial", let list = ItemList.read(&r, "items") {
            for (i, element) in list.enumerated() {
                guard var ir = ItemList.element(&r, "items", i, element) else { continue }
                let occupation = ir.string("occupation", maxLength: 64)
                let level = ir.oneOf("level", SkillLevel.allCases.map(\.rawValue)).flatMap(SkillLevel.init(rawValue:))
                let verdict = ir.oneOf("decision", ["approve", "reject"])
                let itemReason = ir.string("reason", required: false, maxLength: maxReasonLength)
                if let occupation, let level, let verdict {
                    items.append(.init(key: ItemKey(occupation: occupation, level: level), approve: verdict == "approve", reason: itemReason))
                }
                for e in ir.errors { r.record(e) }
            }
        }
        guard r.errors.isEmpty, let applicationId, let revision, let reviewerId, let department, let decision else {
            return .failure(ValidationErrors(r.errors))
        }
        let verdict: QualificationDecisionRequest.Verdict
        switch decision {
        case "approve": verdict = .approve
        case "reject": verdict = .reject(reason: reason ?? "")
        default: verdict = .partial(items: items, reason: reason)
        }
        return .success(QualificationDecisionRequest(applicationId: applicationId, revision: revision, reviewerId: reviewerId,
                                                     departmentId: department.code, verdict: verdict))
    }
}
