import Certification
import Foundation
import JobQueue
import Qualification
import RedisClient
import TrainingDomain

/// The writes of an accepted class change, applied atomically with the job's result: the class
/// hash, the audit entry, the notification job and the event. Pure.
public struct ClassEffects: Sendable {
    public let keys: ImportKeys
    public static let producer = "import-worker"

    public init(keys: ImportKeys) { self.keys = keys }

    public func commands(for transition: ClassTransition, job: Job, nowMs: Int64) -> [RedisCommand] {
        let record = transition.after
        let hset = RedisCommand.hset(keys.classRecord(record.classId), record.fields)
        var audit = transition.audit
        audit.jobId = job.id
        audit.traceId = job.envelope.traceId
        audit.producer = job.envelope.producer
        let notification = transition.notification.envelope(jobId: job.id, nowMs: nowMs, traceId: job.envelope.traceId, producer: Self.producer)
        let event = transition.event.json(id: "evt-\(job.id)", occurredAtMs: nowMs, jobId: job.id, traceId: job.envelope.traceId)
        return [hset, audit.appendCommand(to: keys.audit(record.classId)),
                RedisCommand("XADD", keys.notificationQueue, "*", "job", notification.jsonString),
                RedisCommand("XADD", keys.events, "MAXLEN", "~", CertificationEffects.eventsMaxLength, "*", "event", event.jsonString)]
    }
}

enum HandlerSupport {
    static func outcome(_ decision: ClassDecision, job: Job, keys: ImportKeys, guards: [Guard], fields: [(String, String)],
                        nowMs: Int64, context: JobContext) -> JobOutcome {
        switch decision {
        case .refused(let refusal):
            return .rejected(refusal.code.rawValue, refusal.message, guards: guards, fields: fields)
        case .applied(let transition):
            context.logger.info(transition.outcome, [
                "jobId": .string(job.id), "traceId": job.envelope.traceId.map(JSONValue.string) ?? .null,
                "classId": .string(transition.after.classId), "institutionId": .string(transition.after.institutionId)])
            return .done(transition.outcome, transition.message,
                         effects: ClassEffects(keys: keys).commands(for: transition, job: job, nowMs: nowMs), guards: guards, fields: fields)
        }
    }
}

/// `class.created` (创建班级): reads the class hash, the institution's certification record and
/// its qualification item in one round trip, runs the rules, guarded by everything it read.
public struct ClassCreatedHandler: JobHandler {
    public let catalog: OccupationCatalog

    public init(catalog: OccupationCatalog = .embedded) { self.catalog = catalog }

    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        let request: ClassCreateRequest
        switch ClassPayload.decodeCreate(job.payload, catalog: catalog) {
        case .success(let r): request = r
        case .failure(let invalid): return .validationFailed(invalid, payload: job.payload, entityField: "classId")
        }
        let keys = ImportKeys(context.keys)
        let itemField = ItemKey(occupation: request.occupation, level: request.level).field
        let replies = try context.read([
            RedisCommand("HGETALL", keys.classRecord(request.classId)),
            RedisCommand("HGETALL", keys.institution(request.institutionId)),
            RedisCommand("HMGET", keys.qualificationState(request.institutionId), "version", itemField),
        ])
        for reply in replies { try reply.throwingServerError() }
        let existing = try ClassRecord(classId: request.classId, fields: replies[0].fieldMap)
        let institution = try InstitutionRecord(institutionId: request.institutionId, fields: replies[1].fieldMap)
        let qualification = replies[2].array ?? []
        let qualificationVersion = qualification.first?.string ?? ""
        let now = context.clock.nowMs()
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(now) / 1000))
        var qualified = false
        if qualification.count > 1, let text = qualification[1].string, let item = ApprovedItem(json: try JSONValue.parse(text)) {
            qualified = item.isActive(on: today)
        }
        let guards = [
            Guard(key: keys.classRecord(request.classId), field: "version", expected: existing.map { String($0.version) } ?? ""),
            Guard(key: keys.institution(request.institutionId), field: "version", expected: institution.versionGuardValue),
            Guard(key: keys.qualificationState(request.institutionId), field: "version", expected: qualificationVersion),
        ]
        let decision = ClassRules.create(request, existing: existing, institution: institution, qualified: qualified, nowMs: now)
        return HandlerSupport.outcome(decision, job: job, keys: keys, guards: guards,
                                      fields: [("entity", request.classId), ("institutionId", request.institutionId)], nowMs: now, context: context)
    }
}

/// `class.tasksPublished` (发布课程任务): locks the roster, guarded by the class's version.
public struct TasksPublishedHandler: JobHandler {
    public init() {}

    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        let request: TasksPublishedRequest
        switch ClassPayload.decodeTasksPublished(job.payload) {
        case .success(let r): request = r
        case .failure(let invalid): return .validationFailed(invalid, payload: job.payload, entityField: "classId")
        }
        let keys = ImportKeys(context.keys)
        let reply = try context.read(RedisCommand("HGETALL", keys.classRecord(request.classId))).throwingServerError()
        let record = try ClassRecord(classId: request.classId, fields: reply.fieldMap)
        let guards = [Guard(key: keys.classRecord(request.classId), field: "version", expected: record.map { String($0.version) } ?? "")]
        let now = context.clock.nowMs()
        return HandlerSupport.outcome(ClassRules.publishTasks(request, record: record, nowMs: now), job: job, keys: keys, guards: guards,
                                      fields: [("entity", request.classId), ("institutionId", request.institutionId)], nowMs: now, context: context)
    }
}
