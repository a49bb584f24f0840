import ClassQueries
import CertificationQueries
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// The writes of an accepted class change, applied atomically with the job's result: the class
/// hash, a new class's entry in its institution's index, the audit entry, the notification job
/// and the event. Pure.
public struct ClassEffects: Sendable {
    public let keys: ImportKeys
    public static let producer = "import-worker"

    public init(keys: ImportKeys) { self.keys = keys }

    public func commands(for transition: ClassTransition, job: Job, nowMs: Int64) -> [RedisCommand] {
        let record = transition.after
        let hset = RedisCommand.hset(keys.classRecord(record.classId), record.fields)
        // A new class joins its institution's index (`ClassQuery.openClasses` reads it).
        let index = transition.outcome == "class_created" ? [RedisCommand("SADD", keys.institutionClasses(record.institutionId), record.classId)] : []
        return [hset] + index + WorkflowEffects(keys: keys.queue, producer: Self.producer)
            .tail(audit: transition.audit, to: keys.audit(record.classId), notification: transition.notification, event: transition.event,
                  job: job, nowMs: nowMs)
    }
}

enum HandlerSupport {
    static func outcome(_ decision: ClassDecision, job: Job, keys: ImportKeys, guards: [Guard], fields: [(String, String)],
                        nowMs: Int64, context: JobContext) -> JobOutcome {
        switch decision {
        case .refused(let refusal):
            return .rejected(refusal.code.rawValue, refusal.message, guards: guards, fields: fields)
        case .unchanged(let outcome, let message):
            return .done(outcome, message, guards: guards, fields: fields)
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
public struct ClassCreatedHandler: RequestHandler {
    public let catalog: OccupationCatalog

    public init(catalog: OccupationCatalog = .embedded) { self.catalog = catalog }

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<ClassCreateRequest, ValidationErrors> {
        ClassPayload.decodeCreate(payload, catalog: catalog)
    }

    public func handle(_ request: ClassCreateRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = ImportKeys(context.keys)
        let certification = CertificationQuery(institutionId: request.institutionId, keys: context.keys)
        let qualification = QualificationQuery(institutionId: request.institutionId, occupation: request.occupation, level: request.level,
                                               keys: context.keys)
        let replies = try context.read([RedisCommand("HGETALL", keys.classRecord(request.classId)), certification.command, qualification.command])
        try replies[0].throwingServerError()
        let existing = try ClassRecord(classId: request.classId, fields: replies[0].fieldMap)
        let institution = try certification.answer(replies[1])
        let item = try qualification.answer(replies[2])
        let now = context.clock.nowMs()
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(now) / 1000))
        let guards = [
            Guard(key: keys.classRecord(request.classId), field: "version", expected: existing.map { String($0.version) } ?? ""),
            institution.versionGuard, item.versionGuard,
        ]
        let decision = ClassRules.create(request, existing: existing, institution: institution.record, qualified: item.isActive(on: today), nowMs: now)
        return HandlerSupport.outcome(decision, job: job, keys: keys, guards: guards,
                                      fields: [("entity", request.classId), ("institutionId", request.institutionId)], nowMs: now, context: context)
    }
}

/// `class.tasksPublished` (发布课程任务): the first locks the roster while the class's
/// qualification is active, later ones add courses (``ClassRules/publishTasks``); guarded by the
/// class's version and (for an open class) the qualification's.
public struct TasksPublishedHandler: RequestHandler {
    public init() {}

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<TasksPublishedRequest, ValidationErrors> {
        ClassPayload.decodeTasksPublished(payload)
    }

    public func handle(_ request: TasksPublishedRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = ImportKeys(context.keys)
        let reply = try context.read(RedisCommand("HGETALL", keys.classRecord(request.classId))).throwingServerError()
        let record = try ClassRecord(classId: request.classId, fields: reply.fieldMap)
        var guards = [Guard(key: keys.classRecord(request.classId), field: "version", expected: record.map { String($0.version) } ?? "")]
        let now = context.clock.nowMs()
        var qualified = true
        if let record, record.state == .open, record.institutionId == request.institutionId {
            let query = QualificationQuery(institutionId: record.institutionId, occupation: record.occupation, level: record.level, keys: context.keys)
            let standing = try query.answer(try context.read(query.command))
            qualified = standing.isActive(on: LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(now) / 1000)))
            guards.append(standing.versionGuard)
        }
        return HandlerSupport.outcome(ClassRules.publishTasks(request, record: record, qualified: qualified, nowMs: now), job: job, keys: keys, guards: guards,
                                      fields: [("entity", request.classId), ("institutionId", request.institutionId)], nowMs: now, context: context)
    }
}
