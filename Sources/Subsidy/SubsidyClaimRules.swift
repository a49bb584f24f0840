import CertificationQueries
import ClassQueries
import Foundation
import JobQueue
import TrainingDomain
import TrainingQueries
import WorkflowKernel

/// What a claim found in Redis, read by ``SubsidyClaimHandler``.
public struct ClaimContext: Sendable {
    public var record: ClassRecord?
    public var institution: InstitutionRecord
    /// The claim already stored under the request's claim id, if any.
    public var existingClaimId: String?
    /// The claim that already holds the certificate, if any.
    public var certificateHolder: String?
    public var roster: [RosterEntry]
    /// ID number → online learning seconds, frozen when the class closed.
    public var hours: [String: Int]
    public var scores: [String: RecordedScores]
    public var grants: [String: PersonGrants]

    public init(record: ClassRecord?, institution: InstitutionRecord, existingClaimId: String?, certificateHolder: String?,
                roster: [RosterEntry] = [], hours: [String: Int] = [:], scores: [String: RecordedScores] = [:], grants: [String: PersonGrants] = [:]) {
        self.record = record
        self.institution = institution
        self.existingClaimId = existingClaimId
        self.certificateHolder = certificateHolder
        self.roster = roster
        self.hours = hours
        self.scores = scores
        self.grants = grants
    }
}

/// The rules of `subsidy.claimed`, pure, checked in this order: the class exists
/// (`unknown_class`) and is the institution's (`forbidden`); the institution is certified
/// (`not_certified`) by the department named (`forbidden`); the class is closed with that
/// certificate (`not_closed`); the claim id is new (`validation_failed`, `claim.duplicate`);
/// the certificate was not claimed before (`already_claimed`). Then a line per student.
public enum SubsidyClaimRules {
    /// A claim accepted, or refused.
    public enum Decision: Sendable, Equatable {
        case claimed(SubsidyClaim)
        case refused(SubsidyRefusal)
    }

    public static func decide(_ request: SubsidyClaimRequest, _ found: ClaimContext, policy: SubsidyPolicy, nowMs: Int64) -> Decision {
        guard let record = found.record else { return .refused(SubsidyRefusal(.unknownClass, "class \(request.classId) does not exist")) }
        guard record.institutionId == request.institutionId else {
            return .refused(SubsidyRefusal(.forbidden, "class \(request.classId) belongs to institution \(record.institutionId), not \(request.institutionId)"))
        }
        guard let certified = found.institution.current else {
            return .refused(SubsidyRefusal(.notCertified, "institution \(request.institutionId) is not certified"))
        }
        guard certified.departmentId == request.departmentId else {
            return .refused(SubsidyRefusal(.forbidden, "institution \(request.institutionId) was certified by department \(certified.departmentId), not \(request.departmentId)"))
        }
        guard record.state == .closed, let certificateId = record.certificateId, let closedAtMs = record.closedAt.flatMap(Timestamp.parseRFC3339) else {
            return .refused(SubsidyRefusal(.notClosed, "class \(request.classId) is not closed: its e-certificate has not been issued"))
        }
        guard certificateId == request.certificateId else {
            return .refused(SubsidyRefusal(.notClosed, "class \(request.classId) was closed with certificate \(certificateId), not \(request.certificateId)"))
        }
        if found.existingClaimId != nil {
            return .refused(SubsidyRefusal(.validationFailed, "claim \(request.claimId) was already submitted",
                                           errors: [FieldError(field: "payload.claimId", code: "claim.duplicate", message: "claim \(request.claimId) was already submitted")]))
        }
        if let holder = found.certificateHolder {
            return .refused(SubsidyRefusal(.alreadyClaimed, "certificate \(certificateId) was claimed before, by claim \(holder)"))
        }
        let closedOn = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(closedAtMs) / 1000))
        let claimed = ClaimedClass(classId: record.classId, institutionId: record.institutionId, name: record.name, occupation: record.occupation,
                                   level: record.level, requiredHours: record.requiredHours, closedOn: closedOn)
        let lines = SubsidyEligibility(policy: policy, claimed: claimed).lines(roster: found.roster, hours: found.hours, scores: found.scores, grants: found.grants)
        return .claimed(SubsidyClaim(claimId: request.claimId, institutionId: request.institutionId, classId: request.classId, className: record.name,
                                     certificateId: certificateId, departmentId: request.departmentId, occupation: record.occupation,
                                     level: record.level, closedOn: closedOn, claimedAtMs: nowMs, lines: lines))
    }
}
