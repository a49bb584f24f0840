import CertificationQueries
import DepartmentReview
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `certification.submitted`: validates the payload, reads the institution and the licence and
/// phone index entries in one round trip, runs the machine, and returns the outcome with guards on
/// everything the decision read (institution version, both index entries).
public struct CertificationSubmissionHandler: RequestHandler {
    public let regions: RegionCatalog

    public init(regions: RegionCatalog = .embedded) { self.regions = regions }

    public var entityField: String { "institutionId" }

    public func decode(_ payload: JSONValue) -> Result<InstitutionProfile, ValidationErrors> {
        CertificationSubmissionPayload.decode(payload, regions: regions)
    }

    public func handle(_ profile: InstitutionProfile, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = CertificationKeys(context.keys)
        let id = profile.institutionId
        let replies = try context.read([
            RedisCommand("HGETALL", keys.institution(id)),
            RedisCommand("HGET", keys.licenseIndex, profile.licenseNumber),
            RedisCommand("HGET", keys.phoneIndex, profile.contactPhone),
        ])
        for reply in replies { try reply.throwingServerError() }
        let record = try InstitutionRecord(institutionId: id, fields: replies[0].fieldMap)
        let licenseHolder = replies[1].string
        let phoneHolder = replies[2].string
        let guards = [
            Guard(key: keys.institution(id), field: "version", expected: record.versionGuardValue),
            Guard(key: keys.licenseIndex, field: profile.licenseNumber, expected: licenseHolder ?? ""),
            Guard(key: keys.phoneIndex, field: profile.contactPhone, expected: phoneHolder ?? ""),
        ]
        let now = context.clock.nowMs()
        var machine = CertificationMachine(record: record, texts: CertificationTexts(regions: regions))
        switch machine.submit(profile, licenseHolder: licenseHolder, phoneHolder: phoneHolder, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(guards: guards, fields: [("entity", id)])
        case .applied(let transition):
            context.logger.info("institution submitted for review", [
                "jobId": .string(job.id), "traceId": job.envelope.traceId.map(JSONValue.string) ?? .null,
                "institutionId": .string(id), "revision": .number(Double(transition.revision)),
                "departmentId": .string(profile.departmentId), "contactPhone": .string(profile.maskedPhone)])
            return .done(transition.kind.outcome, transition.message,
                         effects: CertificationEffects(keys: keys).commands(for: transition, job: job, nowMs: now),
                         guards: guards, fields: [("revision", String(transition.revision)), ("entity", id)])
        }
    }
}
