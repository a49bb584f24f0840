import ClassQueries
import ImportScan
import JobQueue
import RedisClient
import Spreadsheet
import TrainingDomain
import Uploads
import WorkflowKernel

/// `scores.imported` (批量录入成绩): reads the class, the report's status, the upload's size and
/// the roster in one round trip; the rules (``ScoresImportRules``); then the file, streamed from
/// its Redis key through the import's readers (CSV, GBK CSV or .xlsx, ``SheetFormat``) and checked
/// row by row against the roster (``ScoreSheet``, pure); and one commit of the report, the error
/// list and reports, the scores and the tail, guarded by the class's state and roster and by the
/// report's absence. A file refused before any row is rejected with a `scores.importFailed`
/// notification and event.
public struct ScoresImportHandler: RequestHandler {
    /// Scores files hold one class: at most 10,000 rows (a class's largest planned size), 20 MiB.
    public let limits: ImportLimits

    public init(limits: ImportLimits = ImportLimits(maxRows: 10_000)) { self.limits = limits }

    public var entityField: String { "importId" }

    public func decode(_ payload: JSONValue) -> Result<ScoresImportRequest, ValidationErrors> { ScoresImportPayload.decode(payload) }

    public func handle(_ request: ScoresImportRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let started = context.clock.nowMs()
        let keys = TrainingKeys(context.keys)
        let lookup = ClassQuery.record(classId: request.classId, keys: context.keys)
        let roster = ClassQuery.roster(classId: request.classId, keys: context.keys)
        var reads = [lookup.command, RedisCommand("HGET", keys.report(request.importId), "status"), roster.command]
        if case .redisKey(let key) = request.source { reads.append(RedisCommand("STRLEN", key)) }
        let replies = try context.read(reads)
        let (record, status) = try lookup.answer(replies[0])
        let reportStatus = try replies[1].throwingServerError().string
        let students = try roster.answer(replies[2])
        let guards = status.guards + [Guard(key: keys.report(request.importId), field: "status", expected: reportStatus ?? "")]
        let fields = [("entity", request.importId), ("classId", request.classId), ("institutionId", request.institutionId)]
        if let refusal = ScoresImportRules.admit(request, record: record, reportStatus: reportStatus) {
            return refusal.outcome(guards: guards, fields: fields)
        }
        guard let record, case .redisKey(let key) = request.source else { throw StateError(message: "scores import admitted without a class or a Redis key") }
        let effects = { ScoresImportEffects(request: request, record: record, keys: keys, job: job, nowMs: context.clock.nowMs()) }
        func failed(_ refusal: ImportRefusal) -> JobOutcome {
            context.logger.info("scores import refused", job.logFields(["importId": .string(request.importId), "outcome": .string(refusal.code)]))
            return .rejected(refusal.code, refusal.message, guards: guards, fields: fields, effects: effects().failed(refusal))
        }
        let size = try replies[3].throwingServerError().int ?? 0
        guard size > 0 else { return failed(ImportRefusal(code: "file_unreadable", message: "没有找到上传的成绩文件（Redis键\(key)为空），请重新上传")) }
        guard size <= limits.maxBytes else {
            return failed(ImportRefusal(code: "file_too_large", message: "文件大小\(size)字节，超过上限\(limits.maxBytes)字节，请分成多个文件导入"))
        }
        let file = RedisStringFile(key: key, size: size, context: context)
        var sheet = ScoreSheet(roster: Dictionary(students.map { ($0.record.idNumber, $0.record.name) }, uniquingKeysWith: { a, _ in a }), limits: limits, mode: request.mode)
        let summary: ScoreSheetSummary
        do {
            try SheetFormat(requested: request.format, of: file).forEachRecord(in: file, limits: limits) { try sheet.consume($0) }
            summary = try sheet.finish()
        } catch let refusal as ImportRefusal {
            return failed(refusal)
        } catch let unreadable as SheetReadError {
            return failed(ImportRefusal(code: unreadable.code, message: unreadable.message))
        }
        let durationMs = max(0, context.clock.nowMs() - started)
        context.logger.info("scores import finished", job.logFields(["importId": .string(request.importId), "classId": .string(request.classId),
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)), "acceptedRows": .number(Double(summary.acceptedRows))]))
        return .done(summary.outcome, "\(summary.totalRows) rows: \(summary.validRows) valid, \(summary.invalidRows) invalid, scores of \(summary.acceptedRows) students recorded",
                     effects: effects().completed(summary, durationMs: durationMs), guards: guards, fields: fields)
    }
}
