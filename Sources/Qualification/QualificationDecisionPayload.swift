import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// A reviewer's decision on an application, validated: `applicationId` is the decision's subject.
public typealias QualificationDecisionRequest = ReviewDecision<QualificationVerdict>

/// What a qualification reviewer decided.
public enum QualificationVerdict: ReviewVerdict {
    case approve
    case reject(reason: String)
    /// One decision per applied item; `reason` is the overall remark, if any.
    case partial(items: [QualificationItemDecision], reason: String?)

    public static var subjectField: String { "applicationId" }
    public static var decisions: [String] { ["approve", "reject", "partial"] }

    /// For `partial`, the per-item decisions of `items`.
    public static func read(decision: String, reason: String?, from r: inout PayloadReader) -> QualificationVerdict? {
        switch decision {
        case "approve": return .approve
        case "reject": return .reject(reason: reason ?? "")
        default: return .partial(items: QualificationItemDecision.readList(&r, "items"), reason: reason)
        }
    }

    public var fields: [String: JSONValue] {
        switch self {
        case .approve: return ["decision": "approve"]
        case .reject(let reason): return ["decision": "reject", "reason": .string(reason)]
        case .partial(let items, let reason):
            var o: [String: JSONValue] = ["decision": "partial", "items": .array(items.map(\.json))]
            if let reason { o["reason"] = .string(reason) }
            return o
        }
    }
}

/// One item's decision in a `partial`.
public struct QualificationItemDecision: Sendable, Equatable {
    public var key: ItemKey
    public var approve: Bool
    public var reason: String?

    public init(key: ItemKey, approve: Bool, reason: String? = nil) {
        self.key = key
        self.approve = approve
        self.reason = reason
    }

    public var json: JSONValue {
        var i: [String: JSONValue] = ["occupation": .string(key.occupation), "level": .string(key.level.rawValue),
                                      "decision": .string(approve ? "approve" : "reject")]
        if let reason { i["reason"] = .string(reason) }
        return .object(i)
    }

    /// The readable elements of the array `name`, each element's problems recorded in `r`.
    static func readList(_ r: inout PayloadReader, _ name: String) -> [QualificationItemDecision] {
        guard let list = ItemList.read(&r, name) else { return [] }
        var items: [QualificationItemDecision] = []
        for (i, element) in list.enumerated() {
            guard var ir = ItemList.element(&r, name, i, element) else { continue }
            let occupation = ir.string("occupation", maxLength: 64)
            let level = ir.oneOf("level", SkillLevel.allCases.map(\.rawValue)).flatMap(SkillLevel.init(rawValue:))
            let verdict = ir.oneOf("decision", ["approve", "reject"])
            let reason = ir.string("reason", required: false, maxLength: QualificationDecisionRequest.maxReasonLength)
            if let occupation, let level, let verdict {
                items.append(.init(key: ItemKey(occupation: occupation, level: level), approve: verdict == "approve", reason: reason))
            }
            for e in ir.errors { r.record(e) }
        }
        return items
    }
}

extension ReviewDecision where Verdict == QualificationVerdict {
    public typealias ItemDecision = QualificationItemDecision

    public init(applicationId: String, revision: Int, reviewerId: String, departmentId: String, verdict: Verdict) {
        self.init(subjectId: applicationId, revision: revision, reviewerId: reviewerId, departmentId: departmentId, verdict: verdict)
    }

    /// The application decided on.
    public var applicationId: String { subjectId }
}

/// Decoding of `qualification.decided`.
public enum QualificationDecisionPayload {
    public static let type = "qualification.decided"
    public static let maxReasonLength = QualificationDecisionRequest.maxReasonLength

    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<QualificationDecisionRequest, ValidationErrors> {
        QualificationDecisionRequest.decode(payload, regions: regions)
    }
}
