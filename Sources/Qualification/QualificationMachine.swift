import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// The qualification workflow's rules as a pure state machine over one institution's record.
///
///     none ──apply──▶ pending ──approve / partial──▶ items approved (each until validUntil or open-ended)
///                      │ ▲ apply (supersedes)    └──reject──▶ nothing changes but the decision
///                      └─┘
/// A decision never revokes an approved item; expiry (the sweep) does.
public struct QualificationMachine: Sendable {
    public private(set) var record: QualificationRecord
    public let texts: QualificationTexts

    public init(record: QualificationRecord, texts: QualificationTexts = QualificationTexts()) {
        self.record = record
        self.texts = texts
    }

    /// An institution applies.
    /// - Parameters:
    ///   - institution: its certification record.
    ///   - applicationHolder: the institution the application id is already registered to, if any.
    ///   - today: the China date now.
    public mutating func apply(_ request: ApplicationRequest, institution: InstitutionRecord, applicationHolder: String?,
                               today: LocalDate, nowMs: Int64) -> QualificationDecision {
        let id = record.institutionId
        guard let certified = institution.current else {
            return .refused(QualificationRefusal(.notCertified, "institution \(id) is not certified"))
        }
        guard certified.departmentId == request.departmentId else {
            return .refused(QualificationRefusal(.forbidden, "institution \(id) was certified by department \(certified.departmentId), not \(request.departmentId)"))
        }
        var errors: [FieldError] = []
        if applicationHolder != nil || record.pending?.applicationId == request.applicationId || record.decidedApplicationId == request.applicationId {
            errors.append(FieldError(field: "payload.applicationId", code: "application.duplicate", message: "application \(request.applicationId) was already submitted"))
        }
        for (i, item) in request.items.enumerated() {
            if let until = item.validUntil, until <= today {
                errors.append(FieldError(field: "payload.items[\(i)].validUntil", code: "date.not_future",
                                         message: "validUntil \(until) is not after today (\(today))"))
            }
        }
        if !errors.isEmpty {
            return .refused(QualificationRefusal(.validationFailed, "\(errors.count) invalid field\(errors.count == 1 ? "" : "s"): \(errors.map(\.field).joined(separator: ", "))", errors: errors))
        }
        let listed = Set(request.items.map(\.key))
        let missing = record.activeItems(on: today).map(\.key).filter { !listed.contains($0) }
        if !missing.isEmpty {
            return .refused(QualificationRefusal(.missingApprovedItems, "the application must list every approved item again; missing: \(missing.map(\.description).joined(separator: ", "))",
                errors: missing.map { FieldError(field: "payload.items", code: "item.missing", message: "approved item \($0) is not listed again") }))
        }
        let before = record
        var after = before
        after.version += 1
        after.revision += 1
        let pending = PendingApplication(applicationId: request.applicationId, revision: after.revision, departmentId: request.departmentId,
                                         items: request.items, submittedAtMs: nowMs)
        after.pending = pending
        record = after
        let superseded = before.pending
        var payload: [String: JSONValue] = ["institutionId": .string(id), "applicationId": .string(request.applicationId),
                                            "revision": .number(Double(after.revision)), "departmentId": .string(request.departmentId),
                                            "items": .array(request.items.map(\.json))]
        var details = ["departmentId": request.departmentId, "applicationId": request.applicationId, "items": JSONValue.array(request.items.map(\.json)).jsonString]
        var message = "application \(request.applicationId) (revision \(after.revision)) of institution \(id) is pending review by department \(request.departmentId)"
        if let superseded {
            payload["supersededApplicationId"] = .string(superseded.applicationId)
            details["supersededApplicationId"] = superseded.applicationId
            message += "; application \(superseded.applicationId) is superseded"
        }
        return .applied(QualificationTransition(
            kind: .applied(superseded: superseded), applicationId: request.applicationId, revision: after.revision, before: before, after: after,
            approvedItems: [], message: message, event: DomainEvent(type: "qualification.pending", payload: .object(payload)),
            notification: texts.submitted(id, pending, superseded: superseded),
            audit: AuditEntry(action: "applied", actor: "institution:\(id)", revision: after.revision, atMs: nowMs, details: details)))
    }

    /// A reviewer decides the pending application.
    public mutating func decide(_ request: QualificationDecisionRequest, reviewer: ReviewerRecord?, nowMs: Int64) -> QualificationDecision {
        let id = record.institutionId
        let app = request.applicationId
        guard let reviewer = request.permitted(reviewer) else { return .refused(.forbidden(reviewer, for: request)) }
        guard let pending = record.pending, pending.applicationId == app else {
            if record.decidedApplicationId == app { return .refused(.alreadyDecided("application \(app)", record.decided)) }
            if let pending = record.pending {
                return .refused(QualificationRefusal(.staleRevision, "application \(app) is superseded by application \(pending.applicationId) (revision \(pending.revision))"))
            }
            return .refused(QualificationRefusal(.notPending, "application \(app) is not pending"))
        }
        if let refusal = QualificationRefusal.routing(request, subject: "application \(app)", routedTo: pending.departmentId,
                                                      currentRevision: pending.revision) {
            return .refused(refusal)
        }
        var approve: [ItemKey] = []
        var reject: [ItemKey] = []
        var itemReasons: [ItemKey: String] = [:]
        var reason: String?
        switch request.verdict {
        case .approve:
            approve = pending.items.map(\.key)
            reason = nil
        case .reject(let r):
            guard !r.isEmpty else { return .refused(.missingReason) }
            reject = pending.items.map(\.key)
            reason = r
        case .partial(let items, let r):
            if let refusal = Self.checkPartial(items, pending: pending) { return .refused(refusal) }
            approve = items.filter(\.approve).map(\.key)
            reject = items.filter { !$0.approve }.map(\.key)
            for d in items { if let r = d.reason { itemReasons[d.key] = r } }
            reason = r
        }
        let before = record
        var after = before
        after.version += 1
        after.pending = nil
        after.decidedApplicationId = app
        after.decided = DecidedState(revision: request.revision, atMs: nowMs, by: reviewer.reviewerId, reason: reason)
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(nowMs) / 1000))
        let grant = QualificationGrant(approve: approve, pending: pending, current: before.items, today: today, nowMs: nowMs)
        let approvedItems = grant.granted
        for item in approvedItems { after.items[item.key] = item }
        for item in grant.lapsed {
            approve.removeAll { $0 == item.key }
            reject.append(item.key)
            itemReasons[item.key] = texts.lapsedReason(item)
        }
        if approve.isEmpty, !grant.lapsed.isEmpty, reason == nil { reason = texts.allLapsedReason }
        after.decided.reason = reason
        let kind: QualificationTransition.Kind = reject.isEmpty ? .approved : approve.isEmpty ? .declined(reason: reason ?? "") : .partiallyApproved
        after.decided.outcome = kind.outcome
        record = after
        let eventType = ["approved": "qualification.approved", "declined": "qualification.rejected"][kind.outcome] ?? "qualification.partially_approved"
        var payload: [String: JSONValue] = ["institutionId": .string(id), "applicationId": .string(app), "revision": .number(Double(request.revision)),
                                            "departmentId": .string(request.departmentId), "reviewerId": .string(reviewer.reviewerId),
                                            "approvedItems": .array(approvedItems.map(\.json)),
                                            "rejectedItems": .array(reject.map { key in
                                                var o: [String: JSONValue] = ["occupation": .string(key.occupation), "level": .string(key.level.rawValue)]
                                                if let r = itemReasons[key] { o["reason"] = .string(r) }
                                                return .object(o)
                                            })]
        var details = ["departmentId": request.departmentId, "applicationId": app,
                       "approved": approve.map(\.description).joined(separator: ","), "rejected": reject.map(\.description).joined(separator: ",")]
        if let reason {
            payload["reason"] = .string(reason)
            details["reason"] = reason
        }
        if !grant.lapsed.isEmpty {
            payload["lapsedItems"] = .array(grant.lapsed.map(\.json))
            details["lapsed"] = grant.lapsed.map(\.key.description).joined(separator: ",")
        }
        if !grant.changes.isEmpty {
            payload["validityChanged"] = .array(grant.changes.map(\.json))
            details["validityChanged"] = JSONValue.array(grant.changes.map(\.json)).jsonString
        }
        if !itemReasons.isEmpty {
            details["itemReasons"] = itemReasons.keys.sorted().map { "\($0)=\(itemReasons[$0]!)" }.joined(separator: "; ")
        }
        let notification: NotificationRequest
        switch kind {
        case .approved: notification = texts.approved(id, pending)
        case .declined(let r): notification = texts.rejected(id, pending, reason: r)
        default: notification = texts.partiallyApproved(id, pending, approved: approve, rejected: reject, reason: reason, lapsed: grant.lapsed.map(\.key))
        }
        return .applied(QualificationTransition(
            kind: kind, applicationId: app, revision: request.revision, before: before, after: after, approvedItems: approvedItems, grant: grant,
            message: "application \(app) of institution \(id): \(approve.count) item(s) approved, \(reject.count) rejected"
                + (grant.lapsed.isEmpty ? "" : " (\(grant.lapsed.count) of them approved but already past their validUntil)")
                + (grant.changes.isEmpty ? "" : "; validity changed: \(grant.changes.map { "\($0.key) \($0.from?.description ?? "open-ended") -> \($0.to?.description ?? "open-ended")" }.joined(separator: ", "))"),
            event: DomainEvent(type: eventType, payload: .object(payload)), notification: notification,
            audit: AuditEntry(action: kind.outcome, actor: "reviewer:\(reviewer.reviewerId)", revision: request.revision, atMs: nowMs, details: details)))
    }

    /// Every applied item decided exactly once, nothing else, at least one approved and one rejected.
    static func checkPartial(_ items: [QualificationItemDecision], pending: PendingApplication) -> QualificationRefusal? {
        let applied = Set(pending.items.map(\.key))
        var seen: Set<ItemKey> = []
        var errors: [FieldError] = []
        for (i, d) in items.enumerated() {
            if !applied.contains(d.key) {
                errors.append(FieldError(field: "payload.items[\(i)]", code: "item.unknown", message: "\(d.key) is not in application \(pending.applicationId)"))
            } else if !seen.insert(d.key).inserted {
                errors.append(FieldError(field: "payload.items[\(i)]", code: "item.duplicate", message: "\(d.key) is decided twice"))
            }
        }
        for key in pending.items.map(\.key) where !seen.contains(key) {
            errors.append(FieldError(field: "payload.items", code: "item.missing", message: "\(key) is not decided"))
        }
        if errors.isEmpty, items.allSatisfy(\.approve) || !items.contains(where: \.approve) {
            errors.append(FieldError(field: "payload.items", code: "field.format", message: "a partial decision approves some items and rejects others"))
        }
        return errors.isEmpty ? nil : QualificationRefusal(.validationFailed, "the per-item decisions do not match the application", errors: errors)
    }
}
