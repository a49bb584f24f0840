import ClassQueries
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `learning.recorded` (学习记录), the busiest message type: a ``PrefetchingRequestHandler``, so
/// the runtime reads the class status and the student's roster entry for a whole fetched batch
/// in one round trip and commits the batch in one script. Exactly once per `recordId`: the commit
/// claims the record's field in `{p}:class:{classId}:records` (HSETNX-like, checked in the script
/// per job), and only then adds the seconds to `{p}:class:{classId}:hours`. The commit is guarded
/// by the class's state (a class closed meanwhile) and roster version (a student removed
/// meanwhile): a lost race runs the job again on fresh reads.
///
/// A learning record writes no audit entry, notification or event: every session of every student
/// comes through here, and the records hash keeps each counted record with the job that counted it.
public struct LearningHandler: PrefetchingRequestHandler {
    public init() {}

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<LearningRecordRequest, ValidationErrors> { LearningPayload.decode(payload) }

    public func reads(for request: LearningRecordRequest, keys: QueueKeys) -> [RedisCommand] {
        [ClassQuery.status(classId: request.classId, keys: keys).command,
         ClassQuery.student(classId: request.classId, idNumber: request.idNumber, keys: keys).command]
    }

    public func handle(_ request: LearningRecordRequest, prefetched replies: [RedisReply], job: Job, context: JobContext) throws -> JobOutcome {
        let status = try ClassQuery.status(classId: request.classId, keys: context.keys).answer(replies[0])
        let student = try ClassQuery.student(classId: request.classId, idNumber: request.idNumber, keys: context.keys).answer(replies[1]).entry
        let fields = [("entity", request.classId), ("recordId", request.recordId)]
        switch LearningRules.decide(request, classState: status.state, student: student, jobId: job.id) {
        case .refused(let refusal):
            return refusal.outcome(guards: status.guards, fields: fields)
        case .notCounted(let message):
            return .done(LearningRules.notCountedOutcome, message, guards: status.guards, fields: fields)
        case .count(let count):
            let keys = TrainingKeys(context.keys)
            return .done(LearningRules.countedOutcome, count.message,
                         effects: [RedisCommand("HINCRBY", keys.hours(request.classId), request.idNumber, request.seconds)],
                         guards: status.guards, fields: fields,
                         claim: Claim(key: keys.records(request.classId), field: request.recordId, value: count.claimValue,
                                      takenOutcome: LearningRules.alreadyCountedOutcome, takenMessage: LearningRules.alreadyCountedMessage(request)))
        }
    }
}
