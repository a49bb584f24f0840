import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `qualification.applied`: validates the payload, reads the qualification state, the
/// institution's certification record and the application index in one round trip, runs the
/// machine, and returns the outcome guarded by everything it read.
public struct ApplicationHandler: RequestHandler {
    public let setup: QualificationSetup

    public init(_ setup: QualificationSetup = QualificationSetup()) { self.setup = setup }

    public var entityField: String { "applicationId" }

    public func decode(_ payload: JSONValue) -> Result<ApplicationRequest, ValidationErrors> {
        ApplicationPayload.decode(payload, catalog: setup.catalog, regions: setup.regions)
    }

    public func handle(_ request: ApplicationRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = QualificationKeys(context.keys)
        let id = request.institutionId
        let certification = CertificationQuery(institutionId: id, keys: context.keys)
        let replies = try context.read([
            RedisCommand("HGETALL", keys.state(id)),
            certification.command,
            RedisCommand("HGET", keys.applicationIndex, request.applicationId),
        ])
        for reply in replies { try reply.throwingServerError() }
        let record = try QualificationRecord(institutionId: id, fields: replies[0].fieldMap)
        let institution = try certification.answer(replies[1])
        let holder = replies[2].string
        let guards = [
            Guard(key: keys.state(id), field: "version", expected: record.versionGuardValue),
            institution.versionGuard,
            Guard(key: keys.applicationIndex, field: request.applicationId, expected: holder ?? ""),
        ]
        let now = context.clock.nowMs()
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(now) / 1000))
        let fields = [("entity", request.applicationId), ("institutionId", id)]
        var machine = setup.machine(record)
        switch machine.apply(request, institution: institution.record, applicationHolder: holder, today: today, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(guards: guards, fields: fields)
        case .applied(let transition):
            context.logger.info("qualification application pending review", [
                "jobId": .string(job.id), "traceId": job.envelope.traceId.map(JSONValue.string) ?? .null,
                "institutionId": .string(id), "applicationId": .string(request.applicationId),
                "revision": .number(Double(transition.revision)), "items": .number(Double(request.items.count))])
            return .done(transition.kind.outcome, transition.message,
                         effects: setup.effects(keys).commands(for: transition, job: job, nowMs: now),
                         guards: guards, fields: fields + [("revision", String(transition.revision))])
        }
    }
}
