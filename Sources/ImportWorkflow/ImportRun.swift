import ClassQueries
import Foundation
import ImportScan
import JobQueue
import RedisClient
import Spreadsheet
import TrainingDomain
import Uploads

/// One `import.requested` delivery that the rules admitted (``ImportRules``), from its source
/// to its outcome: opens the file, scans it (``StudentImport``, pure) against the roster,
/// checks the valid rows against the enrolment index of the class's occupation and level
/// (scanning again with the students found there, `id.enrolled_elsewhere`), stages what the
/// commit moves into place (docs/import-staging.md), and ends with the effects
/// (``ImportEffects``). Every ending carries the guards of what the job was decided on
/// (``ImportState``).
struct ImportRun {
    let handler: ImportHandler
    let job: Job
    let context: JobContext
    let request: ImportRequest
    let keys: ImportKeys
    let record: ClassRecord
    let guards: [Guard]
    /// The result's `entity`, `classId` and `institutionId`.
    let fields: [(String, String)]
    /// When the job started (the clock's ms): today's date for the rows, and the duration.
    let startedMs: Int64

    /// The outcome of the import of the request's source, read `sourceSize` bytes long (a
    /// `redisKey` source's STRLEN).
    func outcome(sourceSize: Int?) throws -> JobOutcome {
        let file: any ImportFile
        switch open(request.source, size: sourceSize) {
        case .success(let opened): file = opened
        case .failure(.forbidden(let refusal)):
            context.logger.warning("import path refused", ["jobId": .string(job.id), "importId": .string(request.importId), "reason": .string(refusal.message)])
            return refusal.outcome(guards: guards, fields: fields)
        case .failure(.file(let refusal)): return failed(refusal)
        }
        let format = try SheetFormat(requested: request.format, of: file)
        // The roster as read: its IDs for `id.enrolled`, its entries staged with the new students.
        let existing = try context.read(RedisCommand("HGETALL", keys.students(request.classId))).throwingServerError().fieldPairs
        let enrolled = Set(existing.map(\.0))
        let encoder = RosterEntry.Encoder(addedAt: Timestamp.rfc3339(ms: startedMs), source: request.importId)
        let index = keys.enrollment(occupation: record.occupation, level: record.level)
        var staging = try ImportStaging(job: job, importId: request.importId, keys: keys, fileSize: file.size, existing: existing,
                                        encoder: encoder, index: index, context: context)
        var summary: ImportSummary
        switch try scan(file, format: format, enrolled: enrolled, elsewhere: [], staging: staging) {
        case .success(let scanned): summary = scanned
        case .failure(let refusal): return failed(refusal)
        }
        // One open class per student, occupation and level: the valid rows against the index. The
        // students found there are `id.enrolled_elsewhere`: rare, so the file is then scanned again
        // knowing them, for the exact rows, counts and error report, and the index read again
        // (the commit is guarded by the last read, which must find exactly the students known).
        var known: Set<String> = []
        for round in 1... {
            let check = try checkEnrollment(summary, known: known, index: index, readAhead: round == 1 ? try staging.indexReadAhead() : nil)
            if check.found == known {
                return try completed(summary, staging: staging, existing: existing, encoder: encoder, guards: check.guards, claims: check.claims)
            }
            guard round < Self.maxScans else { throw StagingFailed(reason: "the enrolment index changed under \(round) scans") }
            known = check.found
            staging.discard(job: job, logger: context.logger)
            staging = try ImportStaging(job: job, importId: request.importId, keys: keys, fileSize: file.size, existing: existing,
                                        encoder: encoder, index: index, context: context, parallel: false)
            switch try scan(file, format: format, enrolled: enrolled, elsewhere: known, staging: staging) {
            case .success(let scanned): summary = scanned
            case .failure(let refusal): return failed(refusal)
            }
        }
        preconditionFailure("unreachable")
    }

    /// Scans of one file at most, before the job is retried (the index changing all along).
    static let maxScans = 4

    /// The valid rows and the `known` students (found enrolled elsewhere before) against the
    /// enrolment index: which of them are there now (`found`), the guards on the buckets read and,
    /// when `found` is `known` and the import accepts its students, the claims. `readAhead`: the
    /// replies of a read of every bucket made while the file was scanned (``ImportStaging/indexReadAhead()``),
    /// used instead of reading now. The buckets read (~8 MB for a million enrolled) are dropped
    /// before the staging and the commit.
    private func checkEnrollment(_ summary: ImportSummary, known: Set<String>, index: EnrollmentIndex, readAhead: [RedisReply]?) throws
        -> (found: Set<String>, guards: [Guard], claims: [RedisCommand]) {
        let entries = summary.validEntries
        let asked = entries + EnrollmentIndex.entries(of: known)
        let buckets = EnrollmentIndex.buckets(of: asked)
        guard !buckets.isEmpty else { return ([], [], []) }
        let read = try index.read(buckets: readAhead == nil ? buckets : EnrollmentIndex.allBuckets, only: asked) { commands in
            try readAhead ?? context.read(commands)
        }
        let found = Set(entries.lazy.filter(read.contains(entry:)).map(DuplicateTracker.idNumber(key:))).union(known.filter(read.contains))
        let claims = found == known && summary.acceptedRows > 0 ? read.claimingAsked() : []
        return (found, read.guards, claims)
    }

    /// The uploaded file, read in pieces: a Redis string (GETRANGE) or a file opened under the
    /// import directory (``ImportDirectory``, read with pread), within the size limit. A `path`
    /// source without an import directory is refused.
    private func open(_ source: ImportSource, size: Int?) -> Result<any ImportFile, ImportDirectory.Refusal> {
        let file: any ImportFile
        switch source {
        case .redisKey(let key):
            guard let size, size > 0 else { return .failure(.file(ImportRefusal(code: "file_unreadable", message: "没有找到上传的文件（Redis键\(key)为空），请重新上传"))) }
            file = RedisStringFile(key: key, size: size, context: context)
        case .path(let path):
            guard let directory = handler.importDirectory else { return .failure(.forbidden(ImportRules.pathSourcesOff)) }
            switch directory.open(path) {
            case .success(let local): file = local
            case .failure(let refusal): return .failure(refusal)
            }
            guard file.size > 0 else { return .failure(.file(ImportRefusal(code: "file_unreadable", message: "文件是空的，请按模板填写学员信息后重新上传"))) }
        }
        let maxBytes = handler.limits.maxBytes
        guard file.size <= maxBytes else {
            return .failure(.file(ImportRefusal(code: "file_too_large", message: "文件大小\(file.size)字节，超过上限\(maxBytes)字节，请分成多个文件导入")))
        }
        return .success(file)
    }

    /// The scan's summary, or the refusal it ended with (a file that does not read is
    /// `file_unreadable` or `file_too_large` as ``SheetReadError`` says). Without a summary, what
    /// was staged is deleted; the file's read errors are thrown (the job is retried).
    private func scan(_ file: any ImportFile, format: SheetFormat, enrolled: Set<String>, elsewhere: Set<String>,
                      staging: ImportStaging) throws -> Result<ImportSummary, ImportRefusal> {
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(startedMs) / 1000))
        let validator = StudentRowValidator(referenceDate: today, minimumAge: handler.minimumAge, studentTypes: handler.studentTypes)
        do {
            return .success(try StudentImport.scan(format, in: file, limits: handler.limits, validator: validator, enrolled: enrolled,
                                                   elsewhere: elsewhere, mode: request.mode,
                                                   parallelMinBytes: StudentImport.parallelMinBytes(format), stage: staging.stage))
        } catch let refusal as ImportRefusal {
            staging.discard(job: job, logger: context.logger)
            return .failure(refusal)
        } catch let unreadable as SheetReadError {
            staging.discard(job: job, logger: context.logger)
            return .failure(ImportRefusal(code: unreadable.code, message: unreadable.message))
        } catch {
            staging.discard(job: job, logger: context.logger)
            throw error
        }
    }

    /// A file refused before any row: rejected, with the `import.failed` notification and event.
    private func failed(_ refusal: ImportRefusal) -> JobOutcome {
        context.logger.info("import refused", ["jobId": .string(job.id), "importId": .string(request.importId), "outcome": .string(refusal.code)])
        let effects = ImportEffects(request: request, record: record, keys: keys, job: job, nowMs: context.clock.nowMs())
        return .rejected(refusal.code, refusal.message, guards: guards, fields: fields, effects: effects.failed(refusal))
    }

    /// A scanned file: counted and logged, its accepted students and errors staged, then `done`
    /// with the report and the commit that moves the staged keys into place (guarded by their
    /// existence) and claims the accepted students in the enrolment index (guarded by the
    /// versions of the buckets read).
    private func completed(_ summary: ImportSummary, staging: ImportStaging, existing: [(String, String)], encoder: RosterEntry.Encoder,
                           guards enrollmentGuards: [Guard], claims: [RedisCommand]) throws -> JobOutcome {
        let now = context.clock.nowMs()
        let durationMs = max(0, now - startedMs)
        count(summary, durationMs: durationMs)
        let message = "\(summary.totalRows) rows: \(summary.validRows) valid, \(summary.invalidRows) invalid, \(summary.acceptedRows) added to the roster"
        let staged = try StagedRoster.stage(summary.accepted, count: summary.acceptedRows, existing: existing, encoder: encoder, key: staging.rosterKey, stager: staging.stager,
                                            context: context, roster: keys.students(request.classId))
        let stagedErrors = try StagedErrors.stage(summary, keys: keys, importId: request.importId, token: staging.token, context: context)
        let effects = ImportEffects(request: request, record: record, keys: keys, job: job, nowMs: now)
        return .done(summary.outcome, message,
                     effects: effects.completed(summary, staged: staged, stagedErrors: stagedErrors, claims: claims, durationMs: durationMs),
                     guards: guards + (staged.map { [$0.guarded] } ?? []) + (stagedErrors?.guards ?? []) + enrollmentGuards,
                     fields: fields)
    }

    /// The rows validated (`vt_import_rows_validated_total`) and the `import finished` log line.
    private func count(_ summary: ImportSummary, durationMs: Int64) {
        context.metrics.add([["valid"]: summary.validRows, ["invalid"]: summary.invalidRows, ["empty"]: summary.skippedEmptyRows],
                            to: ImportMetrics.rowsValidated)
        context.logger.info("import finished", [
            "jobId": .string(job.id), "importId": .string(request.importId), "classId": .string(request.classId),
            "outcome": .string(summary.outcome), "totalRows": .number(Double(summary.totalRows)),
            "acceptedRows": .number(Double(summary.acceptedRows)), "durationMs": .number(Double(durationMs))])
    }
}
