import CertificationQueries
import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// The certification workflow's rules as a pure state machine over one institution's record:
/// no Redis, no clock of its own. Each event returns a `CertificationDecision`; on `.applied` the record has
/// moved to the transition's `after` state.
///
///     none ──submit──▶ pending_review ──approve──▶ certified ──submit──▶ certified + pending change
///                         │  ▲ submit (supersedes)                         │ approve: new data
///                         └─reject──▶ rejected ──submit──┘                 └ reject: old data kept
public struct CertificationMachine: Sendable {
    public private(set) var record: InstitutionRecord
    public let texts: CertificationTexts

    public init(record: InstitutionRecord, texts: CertificationTexts = CertificationTexts()) {
        self.record = record
        self.texts = texts
    }

    /// An institution submits its information.
    /// - Parameters:
    ///   - licenseHolder: the institution holding `profile.licenseNumber` now, if any.
    ///   - phoneHolder: the institution holding `profile.contactPhone` now, if any.
    public mutating func submit(_ profile: InstitutionProfile, licenseHolder: String?, phoneHolder: String?, nowMs: Int64) -> CertificationDecision {
        let id = record.institutionId
        precondition(profile.institutionId == id, "a profile is submitted to its own institution's machine")
        var errors: [FieldError] = []
        if let holder = licenseHolder, holder != id {
            errors.append(FieldError(field: "payload.licenseNumber", code: CertificationRefusalCode.duplicateLicense.rawValue,
                                     message: "this licence number is already registered to another institution"))
        }
        if let holder = phoneHolder, holder != id {
            errors.append(FieldError(field: "payload.contactPhone", code: CertificationRefusalCode.phoneInUse.rawValue,
                                     message: "this phone number is already registered to another institution"))
        }
        if let first = errors.first {
            let code = CertificationRefusalCode(rawValue: first.code)!
            let message = code == .duplicateLicense
                ? "licence number is already registered to another institution"
                : "contact phone \(profile.maskedPhone) is already registered to another institution"
            return .refused(CertificationRefusal(code, message, errors: errors))
        }
        let before = record
        let revision = before.revision + 1
        let superseded = before.pending != nil ? before.revision : nil
        var after = before
        after.version += 1
        after.revision = revision
        after.pending = profile
        after.departmentId = profile.departmentId
        after.submittedAtMs = nowMs
        record = after

        var eventPayload: JSONValue = ["institutionId": .string(id), "revision": .number(Double(revision)),
                                       "departmentId": .string(profile.departmentId), "regionCode": .string(profile.regionCode),
                                       "name": .string(profile.name), "state": .string(after.state.rawValue)]
        var details = ["departmentId": profile.departmentId, "data": profile.json.jsonString]
        if let superseded {
            eventPayload = eventPayload.merging(["supersededRevision": .number(Double(superseded))])
            details["supersededRevision"] = String(superseded)
        }
        var message = "revision \(revision) of institution \(id) is pending review by department \(profile.departmentId)"
        if let superseded { message += "; revision \(superseded) is superseded" }
        return .applied(CertificationTransition(
            kind: .submitted(superseded: superseded), revision: revision, before: before, after: after, message: message,
            event: DomainEvent(type: "certification.pending", payload: eventPayload),
            notification: texts.submitted(profile, revision: revision, superseded: superseded, certified: before.current != nil),
            audit: AuditEntry(action: "submitted", actor: "institution:\(id)", revision: revision, atMs: nowMs, details: details)))
    }

    /// A reviewer decides a pending revision.
    /// - Parameter reviewer: the registered reviewer named by the request, nil if not registered.
    public mutating func decide(_ request: CertificationDecisionRequest, reviewer: ReviewerRecord?, nowMs: Int64) -> CertificationDecision {
        let id = record.institutionId
        precondition(request.institutionId == id, "a decision is made on its own institution's machine")
        guard let reviewer = request.permitted(reviewer) else { return .refused(.forbidden(reviewer, for: request)) }
        guard record.revision > 0, let routedTo = record.departmentId else {
            return .refused(CertificationRefusal(.notPending, "institution \(id) has never submitted its information"))
        }
        if let refusal = CertificationRefusal.routing(request, subject: "institution \(id)", routedTo: routedTo, currentRevision: record.revision) {
            return .refused(refusal)
        }
        guard let pending = record.pending else {
            if record.decided.hasDecided(revision: request.revision) { return .refused(.alreadyDecided("institution \(id)", record.decided)) }
            return .refused(CertificationRefusal(.notPending, "nothing is pending for institution \(id)"))
        }
        let before = record
        var after = before
        after.version += 1
        after.pending = nil
        after.decided = DecidedState(revision: request.revision, atMs: nowMs, by: reviewer.reviewerId)
        let eventPayload: JSONValue = ["institutionId": .string(id), "revision": .number(Double(request.revision)),
                                       "departmentId": .string(request.departmentId), "reviewerId": .string(reviewer.reviewerId)]
        var details = ["departmentId": request.departmentId]
        switch request.verdict {
        case .approve:
            after.current = pending
            after.certifiedRevision = request.revision
            after.certifiedAtMs = nowMs
            after.decided.outcome = "approved"
            record = after
            return .applied(CertificationTransition(
                kind: .approved, revision: request.revision, before: before, after: after,
                message: "revision \(request.revision) approved: institution \(id) is certified",
                event: DomainEvent(type: "certification.approved", payload: eventPayload.merging(["state": .string(after.state.rawValue)])),
                notification: texts.approved(pending, revision: request.revision, wasCertified: before.current != nil),
                audit: AuditEntry(action: "approved", actor: "reviewer:\(reviewer.reviewerId)", revision: request.revision,
                                  atMs: nowMs, details: details)))
        case .reject(let reason):
            guard !reason.isEmpty else { return .refused(.missingReason) }
            after.decided.outcome = "declined"
            after.decided.reason = reason
            // A refused change leaves the certified data in force, with the department that certified it.
            if let current = before.current { after.departmentId = current.departmentId }
            record = after
            details["reason"] = reason
            let stillCertified = before.current != nil
            return .applied(CertificationTransition(
                kind: .declined(reason: reason), revision: request.revision, before: before, after: after,
                message: stillCertified
                    ? "revision \(request.revision) declined: institution \(id) stays certified with its previous data"
                    : "revision \(request.revision) declined: institution \(id) is rejected",
                event: DomainEvent(type: "certification.rejected", payload: eventPayload.merging([
                    "reason": .string(reason), "state": .string(after.state.rawValue)])),
                notification: texts.rejected(pending, revision: request.revision, reason: reason, stillCertified: stillCertified),
                audit: AuditEntry(action: "rejected", actor: "reviewer:\(reviewer.reviewerId)", revision: request.revision,
                                  atMs: nowMs, details: details)))
        }
    }
}

extension JSONValue {
    /// This object with `other`'s keys added (or replaced).
    func merging(_ other: [String: JSONValue]) -> JSONValue {
        guard case .object(var o) = self else { return self }
        for (k, v) in other { o[k] = v }
        return .object(o)
    }
}
