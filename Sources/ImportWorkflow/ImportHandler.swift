import Certification
import Spreadsheet
import Foundation
import JobQueue
import Qualification
import RedisClient
import TrainingDomain

/// `import.requested` (批量导入学员), CSV only for now: checks the class (unknown, another
/// institution's, locked), reads the file's bytes from Redis or a path within the limits, finds
/// the header by column names, validates every row against the roster, and returns the report,
/// the error list and the accepted students as one atomic write, guarded by the class's
/// `version` (a lock in between re-runs the job) and `rosterVersion` (another import in between).
public struct ImportHandler: JobHandler {
    public let limits: ImportLimits
    public let minimumAge: Int
    public let studentTypes: StudentTypeCatalog
    /// Arguments per effect command (SADD, RPUSH).
    public static let chunk = 1_000

    public init(limits: ImportLimits = ImportLimits(), minimumAge: Int = ResidentIDNumber.defaultMinimumAge,
                studentTypes: StudentTypeCatalog = .embedded) {
        self.limits = limits
        self.minimumAge = minimumAge
        self.studentTypes = studentTypes
    }

    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        let request: ImportRequest
        switch ImportPayload.decode(job.payload) {
        case .success(let r): request = r
        case .failure(let invalid):
            return .rejected("validation_failed", HandlerSupport.summary(invalid.errors), errors: invalid.errors,
                             fields: HandlerSupport.entity(job.payload, "importId"))
        }
        let started = context.clock.nowMs()
        let keys = ImportKeys(context.keys)
        let classKey = keys.classRecord(request.classId)
        var reads = [RedisCommand("HGETALL", classKey), RedisCommand("HGET", keys.report(request.importId), "status")]
        if case .redisKey(let key) = request.source { reads.append(RedisCommand("STRLEN", key)) }
        let replies = try context.read(reads)
        for reply in replies { try reply.throwingServerError() }
        let map = replies[0].fieldMap
        let record = try ClassRecord(classId: request.classId, fields: map)
        let rosterVersion = map["rosterVersion"] ?? ""
        let guards = [Guard(key: classKey, field: "version", expected: record.map { String($0.version) } ?? ""),
                      Guard(key: classKey, field: "rosterVersion", expected: rosterVersion),
                      Guard(key: keys.report(request.importId), field: "status", expected: replies[1].string ?? "")]
        let fields = [("entity", request.importId), ("classId", request.classId), ("institutionId", request.institutionId)]
        func refuse(_ code: String, _ message: String) -> JobOutcome { .rejected(code, message, guards: guards, fields: fields) }

        guard let record else { return refuse("unknown_class", "class \(request.classId) does not exist") }
        guard record.institutionId == request.institutionId else { return refuse("forbidden", "class \(request.classId) belongs to another institution") }
        guard record.state == .open else { return refuse("roster_locked", "the roster of class \(request.classId) is locked: course tasks are published") }
        if let status = replies[1].string { return refuse("import_exists", "import \(request.importId) already has a report (\(status))") }

        let bytes: [UInt8]
        switch try readSource(request.source, size: replies.count > 2 ? replies[2].int : nil, context: context) {
        case .success(let b): bytes = b
        case .failure(let refusal): return refuse(refusal.code, refusal.message)
        }
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        if request.format == "xlsx" || (request.format == "auto" && isZip) {
            return refuse("file_unreadable", "xlsx files are not read yet: save the sheet as CSV (UTF-8)")
        }
        let rows: [StudentRow]
        do {
            rows = try StudentImport.rows(CSVReader.records(bytes), limits: limits)
        } catch let failure as CSVReader.Failure {
            switch failure {
            case .notUTF8: return refuse("file_unreadable", "the file is not UTF-8 CSV (GBK/GB18030 files are not read yet)")
            case .unterminatedQuote(let row): return refuse("file_unreadable", "第\(row)行的引号没有闭合")
            }
        } catch let refusal as ImportRefusal {
            return refuse(refusal.code, refusal.message)
        }

        let enrolled = Set((try context.read(RedisCommand("SMEMBERS", keys.roster(request.classId))).throwingServerError().array ?? []).compactMap(\.string))
        let now = context.clock.nowMs()
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(now) / 1000))
        let validator = StudentRowValidator(referenceDate: today, minimumAge: minimumAge, studentTypes: studentTypes)
        let summary = StudentImport.summarize(rows, validator: validator, enrolled: enrolled, mode: request.mode)
        let durationMs = max(0, context.clock.nowMs() - started)
        context.logger.info("import finished", [
            "jobId": .string(job.id), "importId": .string(request.importId), "classId": .string(request.classId),
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)),
            "acceptedRows": .number(Double(summary.acceptedRows)), "durationMs": .number(Double(durationMs))])
        let message = "\(summary.totalRows) rows: \(summary.validRows) valid, \(summary.invalidRows) invalid, \(summary.acceptedRows) added to the roster"
        return .done(summary.outcome, message,
                     effects: effects(summary, request: request, record: record, keys: keys, job: job, nowMs: now, durationMs: durationMs),
                     guards: guards, fields: fields)
    }

    private func readSource(_ source: ImportSource, size: Int?, context: JobContext) throws -> Result<[UInt8], ImportRefusal> {
        func tooLarge(_ n: Int) -> ImportRefusal {
            ImportRefusal(code: "file_too_large", message: "文件大小\(n)字节，超过上限\(limits.maxBytes)字节")
        }
        switch source {
        case .redisKey(let key):
            let n = size ?? 0
            guard n > 0 else { return .failure(ImportRefusal(code: "file_unreadable", message: "Redis key \(key) holds no file")) }
            guard n <= limits.maxBytes else { return .failure(tooLarge(n)) }
            guard let bytes = try context.read(RedisCommand("GET", key)).throwingServerError().bytes else {
                return .failure(ImportRefusal(code: "file_unreadable", message: "Redis key \(key) holds no file"))
            }
            return .success(bytes)
        case .path(let path):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let n = (attributes[.size] as? NSNumber)?.intValue, attributes[.type] as? FileAttributeType == .typeRegular else {
                return .failure(ImportRefusal(code: "file_unreadable", message: "cannot read \(path)"))
            }
            guard n <= limits.maxBytes else { return .failure(tooLarge(n)) }
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(ImportRefusal(code: "file_unreadable", message: "cannot read \(path)"))
            }
            return .success([UInt8](data))
        }
    }

    /// The report hash, the error list, the roster additions (chunked), the class's
    /// `rosterVersion`, the audit entry, the notification and the event. Pure.
    func effects(_ summary: ImportSummary, request: ImportRequest, record: ClassRecord, keys: ImportKeys, job: Job,
                 nowMs: Int64, durationMs: Int64) -> [RedisCommand] {
        let report = keys.report(request.importId)
        let errorsKey = keys.errors(request.importId)
        var commands = [RedisCommand("DEL", report, errorsKey)]
        var hset = RedisCommand("HSET", report)
        for (k, v) in [("status", summary.outcome), ("importId", request.importId), ("classId", request.classId),
                       ("institutionId", request.institutionId), ("mode", request.mode.rawValue),
                       ("totalRows", String(summary.totalRows)), ("validRows", String(summary.validRows)),
                       ("invalidRows", String(summary.invalidRows)), ("acceptedRows", String(summary.acceptedRows)),
                       ("skippedEmptyRows", String(summary.skippedEmptyRows)), ("durationMs", String(durationMs)),
                       ("finishedAt", Timestamp.rfc3339(ms: nowMs))] {
            hset.append(k)
            hset.append(v)
        }
        commands.append(hset)
        for start in stride(from: 0, to: summary.errors.count, by: Self.chunk) {
            var rpush = RedisCommand("RPUSH", errorsKey)
            for e in summary.errors[start..<min(start + Self.chunk, summary.errors.count)] {
                let json: JSONValue = ["row": .number(Double(e.row)), "column": .string(e.column.rawValue), "code": .string(e.code.rawValue),
                                       "message": .string(e.message)]
                rpush.append(json.jsonString)
            }
            commands.append(rpush)
        }
        for start in stride(from: 0, to: summary.acceptedIDs.count, by: Self.chunk) {
            var sadd = RedisCommand("SADD", keys.roster(request.classId))
            for id in summary.acceptedIDs[start..<min(start + Self.chunk, summary.acceptedIDs.count)] { sadd.append(id) }
            commands.append(sadd)
        }
        commands.append(RedisCommand("HINCRBY", keys.classRecord(request.classId), "rosterVersion", 1))
        let audit = AuditEntry(action: "imported", actor: "institution:\(request.institutionId)", revision: record.version, atMs: nowMs,
                               jobId: job.id, traceId: job.envelope.traceId, producer: job.envelope.producer,
                               details: ["importId": request.importId, "outcome": summary.outcome, "acceptedRows": String(summary.acceptedRows)])
        commands.append(audit.appendCommand(to: keys.audit(request.classId)))
        let notification = NotificationRequest(institutionId: request.institutionId, template: "import.completed", params: [
            "className": record.name, "importId": request.importId, "totalRows": String(summary.totalRows),
            "acceptedRows": String(summary.acceptedRows), "invalidRows": String(summary.invalidRows)])
            .envelope(jobId: job.id, nowMs: nowMs, traceId: job.envelope.traceId, producer: ClassEffects.producer)
        commands.append(RedisCommand("XADD", keys.notificationQueue, "*", "job", notification.jsonString))
        let event = DomainEvent(type: "import.completed", payload: [
            "importId": .string(request.importId), "classId": .string(request.classId), "institutionId": .string(request.institutionId),
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)),
            "acceptedRows": .number(Double(summary.acceptedRows)), "invalidRows": .number(Double(summary.invalidRows))])
            .json(id: "evt-\(job.id)", occurredAtMs: nowMs, jobId: job.id, traceId: job.envelope.traceId)
        commands.append(RedisCommand("XADD", keys.events, "MAXLEN", "~", CertificationEffects.eventsMaxLength, "*", "event", event.jsonString))
        return commands
    }
}
