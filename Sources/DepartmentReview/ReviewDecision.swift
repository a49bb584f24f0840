import JobQueue
import TrainingDomain
import WorkflowKernel

/// What one review workflow's decision decides: the values of its `decision` field and the
/// payload fields that go with them. `ReviewDecision` reads and writes the fields every decision
/// shares around it (`certification.decided`: `CertificationVerdict`; `qualification.decided`:
/// `QualificationVerdict`).
public protocol ReviewVerdict: Sendable, Equatable {
    /// The payload field naming what is decided (`institutionId`, `applicationId`).
    static var subjectField: String { get }
    /// The values `decision` may take.
    static var decisions: [String] { get }
    /// The verdict of a valid `decision` with its `reason` (nil when absent; a `reject` without
    /// one is already recorded as `field.required`), reading the verdict's own fields, if any,
    /// from `reader`. Nil only with the problem recorded in `reader`.
    static func read(decision: String, reason: String?, from reader: inout PayloadReader) -> Self?
    /// This verdict's payload fields: `decision`, and `reason` and the like when present.
    var fields: [String: JSONValue] { get }
}

/// A reviewer's decision as a `*.decided` payload carries it, validated: what is decided, the
/// pending revision the reviewer looked at, who decides for which department, and the verdict.
/// `CertificationDecisionRequest` and `QualificationDecisionRequest` are its two kinds.
public struct ReviewDecision<V: ReviewVerdict>: Sendable, Equatable {
    /// The workflow's verdict (`CertificationDecisionRequest.Verdict` is `CertificationVerdict`).
    public typealias Verdict = V

    /// The institution or application decided on (the payload's `Verdict.subjectField`).
    public var subjectId: String
    /// The pending revision the reviewer looked at.
    public var revision: Int
    public var reviewerId: String
    /// The department the reviewer acts for.
    public var departmentId: String
    public var verdict: Verdict

    /// The longest `reason` (characters) a decision may give.
    public static var maxReasonLength: Int { 500 }

    public init(subjectId: String, revision: Int, reviewerId: String, departmentId: String, verdict: Verdict) {
        self.subjectId = subjectId
        self.revision = revision
        self.reviewerId = reviewerId
        self.departmentId = departmentId
        self.verdict = verdict
    }

    /// The payload object of this decision.
    public var json: JSONValue {
        let shared: [String: JSONValue] = [Verdict.subjectField: .string(subjectId), "revision": .number(Double(revision)),
                                           "reviewerId": .string(reviewerId), "departmentId": .string(departmentId)]
        return .object(shared.merging(verdict.fields) { _, own in own })
    }

    /// The validated decision, or every field error (`field.required` for a `reject` without a reason).
    public static func decode(_ payload: JSONValue, regions: RegionCatalog) -> Result<Self, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type",
                                                         message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let subjectId = r.identifier(Verdict.subjectField)
        let revision = r.integer("revision", minimum: 1)
        let reviewerId = r.identifier("reviewerId")
        let department = r.department("departmentId", regions: regions)
        let decision = r.oneOf("decision", Verdict.decisions)
        let reason = r.string("reason", required: false, maxLength: maxReasonLength)
        if decision == "reject", reason == nil, !r.errors.contains(where: { $0.field == r.path("reason") }) {
            r.fail("reason", "field.required", "reason is required when the decision is reject")
        }
        let verdict = decision.flatMap { Verdict.read(decision: $0, reason: reason, from: &r) }
        guard r.errors.isEmpty, let subjectId, let revision, let reviewerId, let department, let verdict else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(Self(subjectId: subjectId, revision: revision, reviewerId: reviewerId, departmentId: department.code, verdict: verdict))
    }

    /// The reviewer when it may make this decision: registered, active, and of the department the
    /// decision names (nil otherwise: `DomainRefusal.forbidden(_:for:)` says why).
    public func permitted(_ reviewer: ReviewerRecord?) -> ReviewerRecord? {
        guard let reviewer, reviewer.active, reviewer.departmentId == departmentId else { return nil }
        return reviewer
    }
}
