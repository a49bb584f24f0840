import ClassQueries
import ImportScan
import JobQueue
import RedisClient
import WorkflowKernel

/// The writes a scores import ends with, pure: the report, the error list and error reports, the
/// scores recorded, the audit entry, the notification and the event (``completed``); or, for a
/// file refused before any row, the `scores.importFailed` notification and event (``failed``).
struct ScoresImportEffects {
    let request: ScoresImportRequest
    let record: ClassRecord
    let keys: TrainingKeys
    let job: Job
    let nowMs: Int64

    func completed(_ summary: ScoreSheetSummary, durationMs: Int64) -> [RedisCommand] {
        let id = request.importId
        let report = keys.report(id), errors = keys.errors(id)
        let csv = keys.errorReport(id, format: "csv"), xlsx = keys.errorReport(id, format: "xlsx")
        var commands = [RedisCommand("DEL", report, errors, csv, xlsx)]
        commands.append(.hset(report, [
            ("status", summary.outcome), ("kind", "scores"), ("importId", id), ("classId", request.classId),
            ("institutionId", request.institutionId), ("mode", request.mode.rawValue), ("totalRows", String(summary.totalRows)),
            ("validRows", String(summary.validRows)), ("invalidRows", String(summary.invalidRows)), ("acceptedRows", String(summary.acceptedRows)),
            ("skippedEmptyRows", String(summary.skippedEmptyRows)), ("durationMs", String(durationMs)), ("finishedAt", Timestamp.rfc3339(ms: nowMs))]))
        for start in stride(from: 0, to: summary.errors.count, by: 1_000) {
            commands.append(RedisCommand("RPUSH", [errors] + summary.errors[start..<min(start + 1_000, summary.errors.count)].map(\.json)))
        }
        if summary.invalidRows > 0 {
            commands.append(RedisCommand("SET", csv, summary.errorReportCSV))
            commands.append(RedisCommand("SET", xlsx, summary.errorReportXlsx))
        }
        let at = Timestamp.rfc3339(ms: nowMs)
        if !summary.entries.isEmpty {
            commands.append(.hset(keys.scores(request.classId), summary.entries.map { ($0.idNumber, ScoreRules.storedValue($0, recordedAt: at)) }))
        }
        let passed = summary.entries.filter(\.passed).count
        let audit = AuditEntry(action: "scores_imported", actor: "institution:\(request.institutionId)", revision: record.version, atMs: nowMs,
                               details: ["importId": id, "outcome": summary.outcome, "acceptedRows": String(summary.acceptedRows), "passedCount": String(passed)])
        let notification = NotificationRequest(institutionId: request.institutionId, template: "scores.imported", params: [
            "className": record.name, "importId": id, "totalRows": String(summary.totalRows), "acceptedRows": String(summary.acceptedRows),
            "invalidRows": String(summary.invalidRows)])
        let event = DomainEvent(type: "scores.imported", payload: [
            "importId": .string(id), "classId": .string(request.classId), "institutionId": .string(request.institutionId),
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)), "acceptedRows": .number(Double(summary.acceptedRows)),
            "invalidRows": .number(Double(summary.invalidRows)), "passedCount": .number(Double(passed))])
        return commands + WorkflowEffects(keys: keys.queue, producer: TrainingEffects.producer)
            .tail(audit: audit, to: keys.audit(request.classId), notification: notification, event: event, job: job, nowMs: nowMs)
    }

    /// For a file refused before any row (`file_unreadable`, `file_too_large`, `too_many_rows`,
    /// `missing_columns`): the institution is told what to fix, with the rejected result, once.
    func failed(_ refusal: ImportRefusal) -> [RedisCommand] {
        var reason = refusal.message
        while reason.hasSuffix("。") { reason.removeLast() }
        let effects = WorkflowEffects(keys: keys.queue, producer: TrainingEffects.producer)
        return [effects.notify(NotificationRequest(institutionId: request.institutionId, template: "scores.importFailed",
                                                   params: ["className": record.name, "importId": request.importId, "reason": reason]),
                               job: job, nowMs: nowMs),
                effects.event(DomainEvent(type: "scores.importFailed", payload: [
                    "importId": .string(request.importId), "classId": .string(request.classId), "institutionId": .string(request.institutionId),
                    "outcome": .string(refusal.code), "message": .string(refusal.message)]), job: job, nowMs: nowMs)]
    }
}
