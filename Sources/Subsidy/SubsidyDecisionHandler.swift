import DepartmentReview
import JobQueue
import RedisClient
import WorkflowKernel

/// `subsidy.decided`: reads the claim and the reviewer, checks the review rules, reads the
/// grants of the students it would grant, and returns the outcome with the grants' writes,
/// guarded by the claim's version, the reviewer's department and active flag, and each such
/// student's grant of the occupation and level and count of the year: of two decisions granting
/// one person at once, the second re-runs and finds the person granted.
public struct SubsidyDecisionHandler: RequestHandler {
    public let setup: SubsidySetup

    public init(_ setup: SubsidySetup = SubsidySetup()) { self.setup = setup }

    public var entityField: String { "claimId" }

    public func decode(_ payload: JSONValue) -> Result<SubsidyDecisionRequest, ValidationErrors> {
        SubsidyDecisionPayload.decode(payload, regions: setup.regions)
    }

    public func handle(_ request: SubsidyDecisionRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = SubsidyKeys(context.keys)
        let read = try request.read(state: keys.claim(request.claimId), reviewer: keys.reviewer(request.reviewerId), context: context)
        let claim = try SubsidyClaim(fields: read.state)
        var guards = [Guard(key: keys.claim(request.claimId), field: "version", expected: claim.map { String($0.version) } ?? "")] + read.reviewerGuards
        let fields = [("entity", request.claimId), ("revision", String(request.revision))]
        if let refusal = SubsidyDecisionRules.check(request, claim: claim, reviewer: read.reviewer) {
            return refusal.outcome(currentRevision: claim?.revision ?? 0, guards: guards, fields: fields)
        }
        guard let claim else { throw StateError(message: "claim \(request.claimId) vanished between its checks") }
        let candidates = SubsidyDecisionRules.candidates(request, claim: claim).map(\.idNumber)
        let grants = try PersonGrants.read(candidates, keys: keys, context: context)
        for id in candidates {
            guards += grants[id]?.guards(occupation: claim.occupation, level: claim.level, year: claim.closedOn.year) ?? []
        }
        let now = context.clock.nowMs()
        let decided = SubsidyDecisionRules.apply(request, claim: claim, reviewerId: request.reviewerId, grants: grants, policy: setup.policy, nowMs: now)
        let after = decided.after
        context.logger.info("subsidy claim decided", [
            "jobId": .string(job.id), "claimId": .string(claim.claimId), "reviewerId": .string(request.reviewerId),
            "outcome": .string(decided.outcome), "granted": .number(Double(after.granted.count)), "grantedAmount": .number(Double(after.grantedAmount))])
        var message = "claim \(claim.claimId) \(decided.outcome.replacingOccurrences(of: "_", with: " ")): \(after.granted.count) students granted, \(after.grantedAmount) yuan"
        if !after.notGranted.isEmpty { message += "; \(after.notGranted.count) approved but not granted (granted meanwhile or at the year's limit)" }
        return .done(decided.outcome, message, effects: setup.effects(keys).decided(decided, job: job, nowMs: now), guards: guards,
                     fields: fields + [("grantedCount", String(after.granted.count)), ("grantedAmount", String(after.grantedAmount))])
    }
}
