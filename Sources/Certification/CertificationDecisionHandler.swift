import CertificationQueries
import DepartmentReview
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `certification.decided`: reads the institution and the reviewer in one round trip, runs the
/// machine, and returns the outcome guarded by the institution's version and the reviewer's
/// department and active flag: of two concurrent decisions, the second re-runs and finds the
/// revision decided.
public struct CertificationDecisionHandler: RequestHandler {
    public let regions: RegionCatalog

    public init(regions: RegionCatalog = .embedded) { self.regions = regions }

    public var entityField: String { "institutionId" }

    public func decode(_ payload: JSONValue) -> Result<CertificationDecisionRequest, ValidationErrors> {
        CertificationDecisionPayload.decode(payload, regions: regions)
    }

    public func handle(_ request: CertificationDecisionRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = CertificationKeys(context.keys)
        let id = request.institutionId
        let read = try request.read(state: keys.institution(id), reviewer: keys.reviewerKeys.reviewer(request.reviewerId), context: context)
        let record = try InstitutionRecord(institutionId: id, fields: read.state)
        let guards = [Guard(key: keys.institution(id), field: "version", expected: record.versionGuardValue)] + read.reviewerGuards
        let now = context.clock.nowMs()
        let fields = [("entity", id), ("revision", String(request.revision))]
        var machine = CertificationMachine(record: record, texts: CertificationTexts(regions: regions))
        switch machine.decide(request, reviewer: read.reviewer, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(currentRevision: record.revision, guards: guards, fields: fields)
        case .applied(let transition):
            context.logger.info("certification decided", [
                "jobId": .string(job.id), "traceId": job.envelope.traceId.map(JSONValue.string) ?? .null,
                "institutionId": .string(id), "revision": .number(Double(transition.revision)),
                "reviewerId": .string(request.reviewerId), "outcome": .string(transition.kind.outcome)])
            return .done(transition.kind.outcome, transition.message,
                         effects: CertificationEffects(keys: keys).commands(for: transition, job: job, nowMs: now),
                         guards: guards, fields: fields + [("state", transition.after.state.rawValue)])
        }
    }
}
