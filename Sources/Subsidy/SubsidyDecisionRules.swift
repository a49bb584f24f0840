import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// A decision applied to a claim: the claim before and after, and the grants its commit writes.
public struct SubsidyDecided: Sendable, Equatable {
    public let before: SubsidyClaim
    public let after: SubsidyClaim
    /// One per student granted, in the lines' order.
    public let grants: [GrantWrite]

    public var outcome: String { after.status.rawValue }
}

/// One person's grant, as a decision's commit writes it.
public struct GrantWrite: Sendable, Equatable {
    public let idNumber: String
    public let grant: PersonGrants.Grant
}

/// The rules of `subsidy.decided`, pure, as every review's: the reviewer is registered, active
/// and of the department named (`forbidden`); the claim exists and is pending (`not_pending`,
/// `already_decided` for the revision decided last); it was routed to that department
/// (`forbidden`) and the revision is its own (`stale_revision`, `unknown_revision`). A partial
/// decision names only students on the claim (`validation_failed`, `student.not_on_claim`).
///
/// Approving grants the eligible lines (partial: those approved). Each is checked again against
/// the person's grants as read for the decision's commit, which pins them: a person granted this
/// occupation and level by another claim meanwhile (`already_subsidized`), or at the year's limit
/// (`yearly_limit`), is not granted, and the claim records why.
public enum SubsidyDecisionRules {
    /// The refusal a decision meets before any grant is read; nil when it may go on.
    public static func check(_ request: SubsidyDecisionRequest, claim: SubsidyClaim?, reviewer: ReviewerRecord?) -> SubsidyRefusal? {
        let subject = "claim \(request.claimId)"
        guard request.permitted(reviewer) != nil else { return .forbidden(reviewer, for: request) }
        guard let claim else { return SubsidyRefusal(.notPending, "\(subject) is unknown") }
        if claim.decided.hasDecided(revision: request.revision) { return .alreadyDecided(subject, claim.decided) }
        guard claim.status == .pendingReview else { return SubsidyRefusal(.notPending, "\(subject) is not pending (\(claim.status.rawValue))") }
        if let refusal = SubsidyRefusal.routing(request, subject: subject, routedTo: claim.departmentId, currentRevision: claim.revision) {
            return refusal
        }
        if case .reject(let reason) = request.verdict, reason.isEmpty { return .missingReason }
        if case .partial(let students, _) = request.verdict {
            let onClaim = Set(claim.lines.map(\.idNumber))
            let strangers = students.enumerated().filter { !onClaim.contains($0.element.idNumber) }
            if !strangers.isEmpty {
                return SubsidyRefusal(.validationFailed, "\(strangers.count) of the students listed \(strangers.count == 1 ? "is" : "are") not on \(subject)",
                                      errors: strangers.map { FieldError(field: "payload.students[\($0.offset)].idNumber", code: "student.not_on_claim",
                                                                         message: "\(ResidentIDNumber.mask($0.element.idNumber)) is not on \(subject)") })
            }
        }
        return nil
    }

    /// The lines the verdict would grant, before the grants are read: the eligible lines
    /// (partial: those approved); none for a rejection.
    public static func candidates(_ request: SubsidyDecisionRequest, claim: SubsidyClaim) -> [SubsidyLine] {
        switch request.verdict {
        case .approve: return claim.lines.filter(\.eligible)
        case .reject: return []
        case .partial(let students, _):
            let approved = Set(students.filter(\.approve).map(\.idNumber))
            return claim.lines.filter { $0.eligible && approved.contains($0.idNumber) }
        }
    }

    /// The decision applied, `grants` being the candidates' grants as read (see ``check`` first).
    public static func apply(_ request: SubsidyDecisionRequest, claim: SubsidyClaim, reviewerId: String, grants: [String: PersonGrants],
                             policy: SubsidyPolicy, nowMs: Int64) -> SubsidyDecided {
        let claimed = ClaimedClass(classId: claim.classId, institutionId: claim.institutionId, name: claim.className, occupation: claim.occupation,
                                   level: claim.level, requiredHours: 0, closedOn: claim.closedOn)
        let eligibility = SubsidyEligibility(policy: policy, claimed: claimed)
        var after = claim
        after.version += 1
        var granted: [GrantWrite] = []
        let grantedAt = Timestamp.rfc3339(ms: nowMs)
        for line in candidates(request, claim: claim) {
            if let person = grants[line.idNumber], let reason = eligibility.grantReasons(person).first {
                after.notGranted[line.idNumber] = reason
                continue
            }
            granted.append(GrantWrite(idNumber: line.idNumber, grant: PersonGrants.Grant(
                occupation: claim.occupation, level: claim.level, claimId: claim.claimId, classId: claim.classId,
                institutionId: claim.institutionId, amount: line.amount, grantedAt: grantedAt, year: claim.closedOn.year)))
        }
        after.granted = granted.map(\.idNumber)
        let reason: String?
        switch request.verdict {
        case .approve:
            after.status = .approved
            reason = nil
        case .reject(let r):
            after.status = .declined
            reason = r
        case .partial(_, let r):
            after.status = .partiallyApproved
            reason = r
        }
        after.decided = DecidedState(revision: request.revision, outcome: after.status.rawValue, atMs: nowMs, by: reviewerId, reason: reason)
        return SubsidyDecided(before: claim, after: after, grants: granted)
    }
}
