import ClassQueries
import CertificationQueries
import ImportScan
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// The writes an import ends with, as pure functions of its outcome: the report, the error list,
/// the error report, the roster additions, the audit entry, the notification and the event
/// (``completed``); or, for a file refused before any row, the `import.failed` notification
/// and event (``failed``).
struct ImportEffects {
    let request: ImportRequest
    let record: ClassRecord
    let keys: ImportKeys
    let job: Job
    let nowMs: Int64

    /// The report hash, the error list and the error reports (moved in from their scratch keys),
    /// the roster (the staged hash moved in), the class's `rosterVersion`, the enrolment index's
    /// `claims`, the audit entry, the notification and the event.
    func completed(_ summary: ImportSummary, staged: StagedRoster?, stagedErrors: StagedErrors?, claims: [RedisCommand] = [],
                   durationMs: Int64) -> [RedisCommand] {
        let report = keys.report(request.importId)
        let errorsKey = keys.errors(request.importId)
        let errorReportKey = keys.errorReport(request.importId)
        let errorReportXlsxKey = keys.errorReport(request.importId, format: "xlsx")
        var commands = [RedisCommand("DEL", report, errorsKey, errorReportKey, errorReportXlsxKey)]
        commands.append(.hset(report, [
            ("status", summary.outcome), ("importId", request.importId), ("classId", request.classId),
            ("institutionId", request.institutionId), ("mode", request.mode.rawValue),
            ("totalRows", String(summary.totalRows)), ("validRows", String(summary.validRows)),
            ("invalidRows", String(summary.invalidRows)), ("acceptedRows", String(summary.acceptedRows)),
            ("skippedEmptyRows", String(summary.skippedEmptyRows)), ("durationMs", String(durationMs)),
            ("finishedAt", Timestamp.rfc3339(ms: nowMs))]))
        if let stagedErrors {
            commands += stagedErrors.effects
        }
        if let staged {
            commands += staged.moveToRoster
        }
        commands.append(RedisCommand("HINCRBY", keys.classRecord(request.classId), "rosterVersion", 1))
        commands += claims
        let audit = AuditEntry(action: "imported", actor: "institution:\(request.institutionId)", revision: record.version, atMs: nowMs,
                               jobId: job.id, traceId: job.envelope.traceId, producer: job.envelope.producer,
                               details: ["importId": request.importId, "outcome": summary.outcome, "acceptedRows": String(summary.acceptedRows)])
        commands.append(audit.appendCommand(to: keys.audit(request.classId)))
        commands.append(notification("import.completed", [
            "className": record.name, "importId": request.importId, "totalRows": String(summary.totalRows),
            "acceptedRows": String(summary.acceptedRows), "invalidRows": String(summary.invalidRows)]))
        commands.append(event("import.completed", [
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)),
            "acceptedRows": .number(Double(summary.acceptedRows)), "invalidRows": .number(Double(summary.invalidRows))]))
        return commands
    }

    /// For a file refused before any row (`file_unreadable`, `file_too_large`, `too_many_rows`,
    /// `missing_columns`): the institution is told what to fix (`import.failed`) and the event
    /// is emitted; both go with the rejected result, so a redelivered job tells nobody twice.
    func failed(_ refusal: ImportRefusal) -> [RedisCommand] {
        var reason = refusal.message
        while reason.hasSuffix("。") { reason.removeLast() }
        return [notification("import.failed", ["className": record.name, "importId": request.importId, "reason": reason]),
                event("import.failed", ["outcome": .string(refusal.code), "message": .string(refusal.message)])]
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// One entry of the error list, `{"row":5,"column":"身份证号","code":"id.checksum","message":"…"}`,
    /// written directly as UTF-8 bytes: an import may have 100,000 of them, and the general JSON
    /// writer (a scalar at a time) took most of such an import's time.
    static func json(_ e: RowError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + e.message.utf8.count)
        out.append(contentsOf: #"{"row":"#.utf8)
        out.append(contentsOf: String(e.row).utf8)
        for (name, value) in [("column", e.column.rawValue), ("code", e.code.rawValue), ("message", e.message)] {
            out.append(contentsOf: ",\"\(name)\":\"".utf8)
            for b in value.utf8 {
                switch b {
                case 0x22, 0x5C: out.append(0x5C); out.append(b)
                case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
                default: out.append(b)
                }
            }
            out.append(0x22)
        }
        out.append(0x7D)
        return out
    }

    private func notification(_ template: String, _ params: [String: String]) -> RedisCommand {
        WorkflowEffects(keys: keys.queue, producer: ClassEffects.producer)
            .notify(NotificationRequest(institutionId: request.institutionId, template: template, params: params), job: job, nowMs: nowMs)
    }

    private func event(_ type: String, _ details: [String: JSONValue]) -> RedisCommand {
        var payload: [String: JSONValue] = ["importId": .string(request.importId), "classId": .string(request.classId),
                                            "institutionId": .string(request.institutionId)]
        payload.merge(details) { a, _ in a }
        return WorkflowEffects(keys: keys.queue, producer: ClassEffects.producer)
            .event(DomainEvent(type: type, payload: .object(payload)), job: job, nowMs: nowMs)
    }
}
