import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// A reviewer's decision on a claim, validated: `claimId` is the decision's subject.
public typealias SubsidyDecisionRequest = ReviewDecision<SubsidyVerdict>

/// What a subsidy reviewer decided: approve (every eligible line), reject (a reason is
/// required) or partial: `students`, `[{"idNumber", "decision": "approve" | "reject"}]`, where
/// only the eligible lines approved are granted.
public enum SubsidyVerdict: ReviewVerdict {
    case approve
    case reject(reason: String)
    case partial(students: [SubsidyStudentDecision], reason: String?)

    public static var subjectField: String { "claimId" }
    public static var decisions: [String] { ["approve", "reject", "partial"] }
    /// The most students a partial decision may list (a class's roster is at most this long).
    public static let maxStudents = 10_000

    public static func read(decision: String, reason: String?, from r: inout PayloadReader) -> SubsidyVerdict? {
        switch decision {
        case "approve": return .approve
        case "reject": return .reject(reason: reason ?? "")
        default: return .partial(students: SubsidyStudentDecision.readList(&r), reason: reason)
        }
    }

    public var fields: [String: JSONValue] {
        switch self {
        case .approve: return ["decision": "approve"]
        case .reject(let reason): return ["decision": "reject", "reason": .string(reason)]
        case .partial(let students, let reason):
            var o: [String: JSONValue] = ["decision": "partial", "students": .array(students.map(\.json))]
            if let reason { o["reason"] = .string(reason) }
            return o
        }
    }
}

/// One student's decision in a `partial`.
public struct SubsidyStudentDecision: Sendable, Equatable {
    public var idNumber: String
    public var approve: Bool

    public init(idNumber: String, approve: Bool) {
        self.idNumber = idNumber
        self.approve = approve
    }

    public var json: JSONValue { ["idNumber": .string(idNumber), "decision": .string(approve ? "approve" : "reject")] }

    /// The readable elements of `students`, each element's problems recorded in `r`; a student
    /// listed twice is `student.duplicate`.
    static func readList(_ r: inout PayloadReader) -> [SubsidyStudentDecision] {
        guard let list = r.list("students", maxCount: SubsidyVerdict.maxStudents) else { return [] }
        var students: [SubsidyStudentDecision] = []
        var seen: Set<String> = []
        for (i, element) in list.enumerated() {
            guard var sr = r.element("students", i, element) else { continue }
            let id = sr.string("idNumber", maxLength: 18).map(ResidentIDNumber.normalize)
            let verdict = sr.oneOf("decision", ["approve", "reject"])
            if let id, !seen.insert(id).inserted { sr.fail("idNumber", "student.duplicate", "\(ResidentIDNumber.mask(id)) is listed twice") }
            if sr.errors.isEmpty, let id, let verdict { students.append(SubsidyStudentDecision(idNumber: id, approve: verdict == "approve")) }
            for e in sr.errors { r.record(e) }
        }
        return students
    }
}

extension ReviewDecision where Verdict == SubsidyVerdict {
    public init(claimId: String, revision: Int, reviewerId: String, departmentId: String, verdict: Verdict) {
        self.init(subjectId: claimId, revision: revision, reviewerId: reviewerId, departmentId: departmentId, verdict: verdict)
    }

    /// The claim decided on.
    public var claimId: String { subjectId }
}

/// Decoding of `subsidy.decided`.
public enum SubsidyDecisionPayload {
    public static let type = "subsidy.decided"

    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<SubsidyDecisionRequest, ValidationErrors> {
        SubsidyDecisionRequest.decode(payload, regions: regions)
    }
}
