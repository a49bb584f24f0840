import CertificationQueries
import ClassQueries
import JobQueue
import RedisClient
import TrainingQueries
import WorkflowKernel

/// `subsidy.claimed` (申领补贴): reads the class, its closing, the institution's certification,
/// the claim id and the certificate's holder, the roster and the frozen hours and scores in one
/// round trip; then each student's grants; runs ``SubsidyClaimRules``; and returns
/// `pending_review` with the claim's writes, guarded by the class's state and roster, its
/// certificate, the certification's version, and the claim id and certificate as free.
public struct SubsidyClaimHandler: RequestHandler {
    public let setup: SubsidySetup

    public init(_ setup: SubsidySetup = SubsidySetup()) { self.setup = setup }

    public var entityField: String { "claimId" }

    public func decode(_ payload: JSONValue) -> Result<SubsidyClaimRequest, ValidationErrors> {
        SubsidyClaimPayload.decode(payload, regions: setup.regions)
    }

    public func handle(_ request: SubsidyClaimRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = SubsidyKeys(context.keys)
        let record = ClassQuery.record(classId: request.classId, keys: context.keys)
        let certification = CertificationQuery(institutionId: request.institutionId, keys: context.keys)
        let roster = ClassQuery.roster(classId: request.classId, keys: context.keys)
        let hours = TrainingQuery.classHours(classId: request.classId, keys: context.keys)
        let scores = TrainingQuery.classScores(classId: request.classId, keys: context.keys)
        let replies = try context.read([record.command, certification.command, RedisCommand("HGET", keys.claim(request.claimId), "claimId"),
                                        RedisCommand("HGET", keys.certificates, request.certificateId), roster.command, hours.command, scores.command])
        let (classRecord, status) = try record.answer(replies[0])
        let standing = try certification.answer(replies[1])
        let existing = try replies[2].throwingServerError().string, holder = try replies[3].throwingServerError().string
        var found = ClaimContext(record: classRecord, institution: standing.record, existingClaimId: existing, certificateHolder: holder)
        // The state pins the closing too: `closedAt` and `certificateId` are written with `closed`, once.
        let guards = [status.stateGuard, status.rosterGuard, standing.versionGuard,
                      Guard(key: keys.claim(request.claimId), field: "claimId", expected: existing ?? ""),
                      Guard(key: keys.certificates, field: request.certificateId, expected: holder ?? "")]
        let fields = [("entity", request.claimId), ("classId", request.classId)]
        let now = context.clock.nowMs()
        // The refusals first, on what is read so far; the students' grants only for a claim that stands.
        if case .refused(let refusal) = SubsidyClaimRules.decide(request, found, policy: setup.policy, nowMs: now) {
            return refusal.outcome(guards: guards, fields: fields)
        }
        found.roster = try roster.answer(replies[4])
        found.hours = try hours.answer(replies[5])
        found.scores = try scores.answer(replies[6])
        found.grants = try PersonGrants.read(found.roster.map(\.record.idNumber), keys: keys, context: context)
        switch SubsidyClaimRules.decide(request, found, policy: setup.policy, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(guards: guards, fields: fields)
        case .claimed(let claim):
            context.logger.info("subsidy claim pending review", [
                "jobId": .string(job.id), "claimId": .string(claim.claimId), "classId": .string(claim.classId),
                "departmentId": .string(claim.departmentId), "students": .number(Double(claim.lines.count)),
                "eligible": .number(Double(claim.eligibleCount)), "claimedAmount": .number(Double(claim.claimedAmount))])
            let message = "claim \(claim.claimId) of class \(claim.classId) is pending review by department \(claim.departmentId): "
                + "\(claim.eligibleCount) of \(claim.lines.count) students eligible, \(claim.claimedAmount) yuan"
            return .done(SubsidyClaim.Status.pendingReview.rawValue, message,
                         effects: setup.effects(keys).claimed(claim, job: job, nowMs: now), guards: guards,
                         fields: fields + [("revision", String(claim.revision)), ("eligibleCount", String(claim.eligibleCount)),
                                           ("claimedAmount", String(claim.claimedAmount))])
        }
    }
}
