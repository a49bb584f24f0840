import ClassQueries
import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `scores.recorded` (录入成绩): reads the class and each listed student's roster entry in one
/// round trip, runs ``ScoreRules``, and writes the scores with the tail, guarded by the class's
/// state (closed meanwhile: `scores_locked` on the re-run) and roster version.
public struct ScoresHandler: RequestHandler {
    public init() {}

    public var entityField: String { "classId" }

    public func decode(_ payload: JSONValue) -> Result<ScoresRequest, ValidationErrors> { ScoresPayload.decode(payload) }

    public func handle(_ request: ScoresRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let lookup = ClassQuery.record(classId: request.classId, keys: context.keys)
        let students = request.scores.map { ClassQuery.student(classId: request.classId, idNumber: $0.idNumber, keys: context.keys) }
        let replies = try context.read([lookup.command] + students.map(\.command))
        let (record, status) = try lookup.answer(replies[0])
        var onRoster: Set<String> = []
        for (student, reply) in zip(students, replies.dropFirst()) {
            if try student.answer(reply).isEnrolled { onRoster.insert(student.idNumber) }
        }
        let now = context.clock.nowMs()
        let fields = [("entity", request.classId), ("institutionId", request.institutionId)]
        switch ScoreRules.record(request, record: record, onRoster: onRoster, nowMs: now) {
        case .refused(let refusal):
            return refusal.outcome(guards: status.guards, fields: fields)
        case .recorded(let transition):
            context.logger.info(ScoreRules.recordedOutcome, job.logFields(["classId": .string(request.classId), "count": .number(Double(request.scores.count))]))
            return .done(ScoreRules.recordedOutcome, transition.message,
                         effects: TrainingEffects(keys: TrainingKeys(context.keys)).scores(transition, classId: request.classId, job: job, nowMs: now),
                         guards: status.guards, fields: fields + [("passedCount", String(transition.passedCount))])
        }
    }
}
