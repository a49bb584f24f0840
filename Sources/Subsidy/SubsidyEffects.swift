import DepartmentReview
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// Turns a claim or a decision into the Redis writes applied atomically with the job's result,
/// with the institution's message (Chinese, amounts in yuan), the event and the audit entry.
/// Pure: same inputs, same commands.
public struct SubsidyEffects: Sendable {
    public let keys: SubsidyKeys
    public let regions: RegionCatalog
    public static let producer = "subsidy-worker"

    public init(keys: SubsidyKeys, regions: RegionCatalog = .embedded) {
        self.keys = keys
        self.regions = regions
    }

    private var tail: WorkflowEffects { WorkflowEffects(keys: keys.queue, producer: Self.producer) }

    /// A new claim: the claim hash, the certificate taken, the department's review set.
    public func claimed(_ claim: SubsidyClaim, job: Job, nowMs: Int64) -> [RedisCommand] {
        var commands = WorkflowEffects.replace(hash: keys.claim(claim.claimId), with: claim.fields)
        commands.append(RedisCommand("HSET", keys.certificates, claim.certificateId, claim.claimId))
        commands.append(RedisCommand("ZADD", keys.reviewSet(claim.departmentId), String(claim.claimedAtMs), claim.claimId))
        let audit = AuditEntry(action: "claimed", actor: "institution:\(claim.institutionId)", revision: claim.revision, atMs: nowMs,
                               details: ["classId": claim.classId, "certificateId": claim.certificateId, "departmentId": claim.departmentId,
                                         "studentCount": String(claim.lines.count), "eligibleCount": String(claim.eligibleCount),
                                         "claimedAmount": String(claim.claimedAmount)])
        let notification = NotificationRequest(institutionId: claim.institutionId, template: "subsidy.pending", params: [
            "className": claim.className, "classId": claim.classId, "claimId": claim.claimId, "studentCount": String(claim.lines.count),
            "eligibleCount": String(claim.eligibleCount), "claimedAmount": String(claim.claimedAmount),
            "departmentName": regions.departmentName(claim.departmentId)])
        let event = DomainEvent(type: "subsidy.pending", payload: summary(claim))
        return commands + tail.tail(audit: audit, to: keys.audit(claim.claimId), notification: notification, event: event, job: job, nowMs: nowMs)
    }

    /// A decision: the claim rewritten, out of the review set, and each grant written.
    public func decided(_ decided: SubsidyDecided, job: Job, nowMs: Int64) -> [RedisCommand] {
        let claim = decided.after
        var commands = WorkflowEffects.replace(hash: keys.claim(claim.claimId), with: claim.fields)
        commands.append(RedisCommand("ZREM", keys.reviewSet(claim.departmentId), claim.claimId))
        for write in decided.grants { commands += PersonGrants.grantCommands(write.grant, key: keys.granted(write.idNumber)) }
        var details = ["decision": claim.status.rawValue, "grantedCount": String(claim.granted.count), "grantedAmount": String(claim.grantedAmount)]
        if let reason = claim.decided.reason { details["reason"] = reason }
        if !claim.notGranted.isEmpty { details["notGranted"] = JSONValue.object(claim.notGranted.mapValues { .string($0.rawValue) }).jsonString }
        let audit = AuditEntry(action: claim.status.rawValue, actor: "reviewer:\(claim.decided.by ?? "")", revision: claim.revision, atMs: nowMs, details: details)
        var params = ["className": claim.className, "classId": claim.classId, "claimId": claim.claimId]
        let template: String
        switch claim.status {
        case .declined:
            template = "subsidy.rejected"
            params["reason"] = claim.decided.reason ?? ""
        case .partiallyApproved, .approved, .pendingReview:
            template = claim.status == .approved ? "subsidy.approved" : "subsidy.partially_approved"
            params["grantedCount"] = String(claim.granted.count)
            params["grantedAmount"] = String(claim.grantedAmount)
            params["notGrantedCount"] = String(claim.lines.count - claim.granted.count)
        }
        var payload = summary(claim).objectValue ?? [:]
        payload["decision"] = .string(claim.status.rawValue)
        payload["reviewerId"] = .string(claim.decided.by ?? "")
        payload["grantedCount"] = .number(Double(claim.granted.count))
        payload["grantedAmount"] = .number(Double(claim.grantedAmount))
        if let reason = claim.decided.reason { payload["reason"] = .string(reason) }
        let event = DomainEvent(type: claim.status == .declined ? "subsidy.rejected" : "subsidy.approved", payload: .object(payload))
        return commands + tail.tail(audit: audit, to: keys.audit(claim.claimId),
                                    notification: NotificationRequest(institutionId: claim.institutionId, template: template, params: params),
                                    event: event, job: job, nowMs: nowMs)
    }

    /// The fields every subsidy event carries.
    func summary(_ claim: SubsidyClaim) -> JSONValue {
        ["claimId": .string(claim.claimId), "institutionId": .string(claim.institutionId), "classId": .string(claim.classId),
         "certificateId": .string(claim.certificateId), "departmentId": .string(claim.departmentId), "revision": .number(Double(claim.revision)),
         "occupation": .string(claim.occupation), "level": .string(claim.level.rawValue), "studentCount": .number(Double(claim.lines.count)),
         "eligibleCount": .number(Double(claim.eligibleCount)), "claimedAmount": .number(Double(claim.claimedAmount))]
    }
}
