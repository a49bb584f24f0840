import DepartmentReview
import JobQueue
import Testing
import TrainingDomain
import WorkflowKernel

/// The decision core every department review shares: who may decide, and the guards on the
/// subject's pending and decided state.
@Suite struct ReviewGuardsTests {
    enum Code: String, ReviewRefusalCode {
        case validationFailed = "validation_failed", forbidden, staleRevision = "stale_revision", unknownRevision = "unknown_revision"
        case alreadyDecided = "already_decided", notPending = "not_pending"
    }
    typealias Refusal = DomainRefusal<Code>

    enum Verdict: ReviewVerdict {
        case approve
        static var subjectField: String { "claimId" }
        static var decisions: [String] { ["approve", "reject"] }
        static func read(decision: String, reason: String?, from reader: inout PayloadReader) -> Verdict? { .approve }
        var fields: [String: JSONValue] { ["decision": "approve"] }
    }

    func decision(revision: Int = 2, department: String = "430100") -> ReviewDecision<Verdict> {
        ReviewDecision(subjectId: "c-1", revision: revision, reviewerId: "rev-1", departmentId: department, verdict: .approve)
    }

    @Test func routing_whenAllHold_refusesNothing() {
        #expect(Refusal.routing(decision(), subject: "claim c-1", routedTo: "430100", currentRevision: 2) == nil)
    }

    @Test func routing_whenRoutedToAnotherDepartment_isForbidden() {
        let refusal = Refusal.routing(decision(department: "430200"), subject: "claim c-1", routedTo: "430100", currentRevision: 2)
        #expect(refusal?.code == .forbidden)
        #expect(refusal?.message == "claim c-1 was routed to department 430100, not 430200")
    }

    @Test func routing_whenRevisionIsAhead_isUnknown_andWhenBehind_isStale() {
        #expect(Refusal.routing(decision(revision: 3), subject: "s", routedTo: "430100", currentRevision: 2)?.code == .unknownRevision)
        #expect(Refusal.routing(decision(revision: 1), subject: "s", routedTo: "430100", currentRevision: 2)?.code == .staleRevision)
    }

    @Test func staleOutcome_namesTheCurrentRevision() {
        let refusal = Refusal.routing(decision(revision: 1), subject: "s", routedTo: "430100", currentRevision: 2)!
        let outcome = refusal.outcome(currentRevision: 2, guards: [], fields: [("entity", "c-1")])
        #expect(outcome.outcome == "stale_revision")
        #expect(outcome.fields.contains { $0 == ("currentRevision", "2") })
    }

    @Test func permitted_onlyAnActiveReviewerOfTheDecidingDepartment() {
        let d = decision()
        #expect(d.permitted(ReviewerRecord(reviewerId: "rev-1", departmentId: "430100")) != nil)
        #expect(d.permitted(ReviewerRecord(reviewerId: "rev-1", departmentId: "430100", active: false)) == nil)
        #expect(d.permitted(ReviewerRecord(reviewerId: "rev-1", departmentId: "430200")) == nil)
        #expect(d.permitted(nil) == nil)
        #expect(Refusal.forbidden(nil, for: d).message == "reviewer rev-1 is not a registered, active reviewer")
    }

    @Test func alreadyDecided_namesTheRevisionAndHowItWent() {
        let decided = DecidedState(revision: 4, outcome: "declined", atMs: 1, by: "rev-2", reason: "证照不清")
        #expect(decided.hasDecided(revision: 4) && !decided.hasDecided(revision: 3))
        #expect(Refusal.alreadyDecided("claim c-1", decided).message == "revision 4 of claim c-1 was already decided (declined)")
    }

    @Test func decode_ofAVerdictsPayload_collectsEveryFieldError() {
        guard case .failure(let invalid) = ReviewDecision<Verdict>.decode(["claimId": "c 1", "revision": 0, "decision": "maybe"], regions: .embedded) else {
            Issue.record("decoded")
            return
        }
        #expect(Set(invalid.errors.map(\.field)) == ["payload.claimId", "payload.revision", "payload.reviewerId", "payload.departmentId", "payload.decision"])
    }

    @Test func reviewerKeys_areSharedByEveryReview() {
        #expect(ReviewerKeys(prefix: "p").reviewer("r") == "p:reviewer:r")
        #expect(ReviewerKeys(QueueKeys(prefix: "p")).reviewers == "p:reviewers")
        #expect(RegionCatalog.embedded.departmentName("430100") == "长沙市人社部门")
    }
}
