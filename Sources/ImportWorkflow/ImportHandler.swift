import Certification
import Spreadsheet
import Foundation
import JobQueue
import Qualification
import RedisClient
import TrainingDomain

/// `import.requested` (批量导入学员), .xlsx or CSV (UTF-8 or GBK): checks the class (unknown, another
/// institution's, locked), streams the file from Redis (GETRANGE) or a path within the limits,
/// finds the header by column names and validates each row as it comes, against the roster; then
/// returns the report, the error list, the error report and the accepted students as one atomic
/// write, guarded by the class's `version` (a lock in between re-runs the job) and `rosterVersion`
/// (another import in between). The accepted students, the error list and the error reports are
/// staged in scratch keys first (``StagedRoster``, ``StagedErrors``), which the commit moves into
/// place. A file refused before any row is rejected with an `import.failed` notification and
/// event.
public struct ImportHandler: JobHandler {
    public let limits: ImportLimits
    public let minimumAge: Int
    public let studentTypes: StudentTypeCatalog
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
        case .failure(let invalid): return .validationFailed(invalid, payload: job.payload, entityField: "importId")
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

        /// A file refused before any row: rejected, with the `import.failed` notification and event.
        func failed(_ refusal: ImportRefusal) -> JobOutcome {
            context.logger.info("import refused", ["jobId": .string(job.id), "importId": .string(request.importId), "outcome": .string(refusal.code)])
            let effects = ImportEffects(request: request, record: record, keys: keys, job: job, nowMs: context.clock.nowMs())
            return .rejected(refusal.code, refusal.message, guards: guards, fields: fields, effects: effects.failed(refusal))
        }

        var source = request.source
        if case .path(let path) = source {
            guard let permitted = limits.permittedPath(path) else {
                context.logger.warning("import path outside VT_IMPORT_DIR refused", ["jobId": .string(job.id), "importId": .string(request.importId)])
                return refuse("forbidden", "source.path is outside the import directory this worker may read")
            }
            source = .path(permitted)
        }
        let file: any ImportFile
        switch openSource(source, size: replies.count > 2 ? replies[2].int : nil, context: context) {
        case .success(let f): file = f
        case .failure(let refusal): return failed(refusal)
        }
        let format: SheetFormat = switch request.format {
        case "xlsx": .xlsx
        case "csv": .csv
        default: try file.read(offset: 0, count: 4).starts(with: [0x50, 0x4B, 0x03, 0x04]) ? .xlsx : .csv
        }

        let enrolled = Set((try context.read(RedisCommand("SMEMBERS", keys.roster(request.classId))).throwingServerError().array ?? []).compactMap(\.string))
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(started) / 1000))
        let validator = StudentRowValidator(referenceDate: today, minimumAge: minimumAge, studentTypes: studentTypes)
        // A large file's accepted students are staged while it is read (a thread and connection of their own).
        let stagedToken = StagedRoster.token(worker: context.worker, job: job)
        let stagedKey = keys.staged(request.importId, token: stagedToken)
        let stager = file.size >= StudentImport.parallelMinBytes ? RosterStager(key: stagedKey, connection: try context.scratchConnection()) : nil
        func discardStaged() {
            if let error = stager?.discard() {
                context.logger.warning("staged roster not deleted (it expires)", ["jobId": .string(job.id), "error": .string(error.description)])
            }
        }
        var stage: (@Sendable ([String]) -> Void)?
        if let stager { stage = { ids in stager.add(ids) } }
        let summary: ImportSummary
        do {
            summary = try StudentImport.scan(format, in: file, limits: limits, validator: validator, enrolled: enrolled, mode: request.mode,
                                             stage: stage)
        } catch let refusal as ImportRefusal {
            discardStaged()
            return failed(refusal)
        } catch let unreadable as SheetReadError {
            discardStaged()
            return failed(ImportRefusal(code: unreadable.code, message: unreadable.message))
        } catch {
            discardStaged()
            throw error
        }
        context.metrics.add([["valid"]: summary.validRows, ["invalid"]: summary.invalidRows, ["empty"]: summary.skippedEmptyRows],
                            to: ImportMetrics.rowsValidated)
        let now = context.clock.nowMs()
        let durationMs = max(0, now - started)
        context.logger.info("import finished", [
            "jobId": .string(job.id), "importId": .string(request.importId), "classId": .string(request.classId),
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)),
            "acceptedRows": .number(Double(summary.acceptedRows)), "durationMs": .number(Double(durationMs))])
        let message = "\(summary.totalRows) rows: \(summary.validRows) valid, \(summary.invalidRows) invalid, \(summary.acceptedRows) added to the roster"
        let staged = try StagedRoster.stage(summary.acceptedIDs, key: stagedKey, stager: stager, context: context,
                                            roster: keys.roster(request.classId), rosterWasEmpty: enrolled.isEmpty)
        let stagedErrors = try StagedErrors.stage(summary, keys: keys, importId: request.importId, token: stagedToken, context: context)
        let effects = ImportEffects(request: request, record: record, keys: keys, job: job, nowMs: now)
        return .done(summary.outcome, message, effects: effects.completed(summary, staged: staged, stagedErrors: stagedErrors, durationMs: durationMs),
                     guards: guards + (staged.map { [$0.guarded] } ?? []) + (stagedErrors?.guards ?? []), fields: fields)

    }

    /// The one place a sheet format meets its reader: `body` gets each record of `file` in order.
    /// Throws ``SheetReadError``, ``ImportRefusal`` or what `body` throws.
    public static func forEachRecord(_ format: SheetFormat, in file: any ImportFile, limits: ImportLimits,
                              _ body: (SheetRecord) throws -> Void) throws {
        switch format {
        case .csv: try CSVReader.forEachRecord(in: file, body)
        case .xlsx: try XlsxReader.forEachRecord(in: file, limits: limits.xlsx, body)
        }
    }

    /// The uploaded file, read in pieces: a Redis string (GETRANGE) or a local file (pread),
    /// within the size limit.
    private func openSource(_ source: ImportSource, size: Int?, context: JobContext) -> Result<any ImportFile, ImportRefusal> {
        let file: any ImportFile
        switch source {
        case .redisKey(let key):
            guard let size, size > 0 else { return .failure(ImportRefusal(code: "file_unreadable", message: "没有找到上传的文件（Redis键\(key)为空），请重新上传")) }
            file = RedisStringFile(key: key, size: size, context: context)
        case .path(let path):
            guard let local = LocalFile(path: path) else { return .failure(ImportRefusal(code: "file_unreadable", message: "没有找到上传的文件，请重新上传")) }
            guard local.size > 0 else { return .failure(ImportRefusal(code: "file_unreadable", message: "文件是空的，请按模板填写学员信息后重新上传")) }
            file = local
        }
        guard file.size <= limits.maxBytes else {
            return .failure(ImportRefusal(code: "file_too_large", message: "文件大小\(file.size)字节，超过上限\(limits.maxBytes)字节，请分成多个文件导入"))
        }
        return .success(file)
    }
}

/// The sheet formats an import reads.
public enum SheetFormat: Sendable {
    case csv, xlsx
}
