import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `qualification.decided`: finds the application's institution, reads its state and the
/// reviewer, runs the machine, and returns the outcome guarded by the state's version and the
/// reviewer's department and active flag: of two concurrent decisions the second re-runs and
/// finds the application decided.
public struct QualificationDecisionHandler: RequestHandler {
    public let setup: QualificationSetup

    public init(_ setup: QualificationSetup = QualificationSetup()) { self.setup = setup }

    public var entityField: String { "applicationId" }

    public func decode(_ payload: JSONValue) -> Result<QualificationDecisionRequest, ValidationErrors> {
        QualificationDecisionPayload.decode(payload, regions: setup.regions)
    }

    public func handle(_ request: QualificationDecisionRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = QualificationKeys(context.keys)
        let app = request.applicationId
        let holder = try context.read(RedisCommand("HGET", keys.applicationIndex, app)).throwingServerError().string
        guard let id = holder else {
            return .rejected(QualificationRefusalCode.notPending.rawValue, "application \(app) is unknown",
                             guards: [Guard(key: keys.applicationIndex, field: app, expected: "")], fields: [("entity", app)])
        }
        let read = try request.read(state: keys.state(id), reviewer: keys.reviewer(request.reviewerId), context: context)
        let record = try QualificationRecord(institutionId: id, fields: read.state)
        let guards = [Guard(key: keys.state(id), field: "version", expected: record.versionGuardValue),
                      Guard(key: keys.applicationIndex, field: app, expected: id)] + read.reviewerGuards
        let now = context.clock.nowMs()
        let fields = [("entity", app), ("institutionId", id), ("revision", String(request.revision))]
        var machine = setup.machine(record)
        switch machine.decide(request, reviewer: read.reviewer, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(currentRevision: record.revision, guards: guards, fields: fields)
        case .applied(let transition):
            context.logger.info("qualification decided", [
                "jobId": .string(job.id), "traceId": job.envelope.traceId.map(JSONValue.string) ?? .null,
                "institutionId": .string(id), "applicationId": .string(app), "reviewerId": .string(request.reviewerId),
                "outcome": .string(transition.kind.outcome)])
            return .done(transition.kind.outcome, transition.message,
                         effects: setup.effects(keys).commands(for: transition, job: job, nowMs: now),
                         guards: guards, fields: fields + (transition.grant?.resultFields ?? []))
        }
    }
}
