import CertificationQueries
import DepartmentReview
import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import QualificationQueries
import RedisClient
import WorkflowKernel

/// `vtctl import run` (upload a roster file, enqueue `import.requested`, wait, print the summary)
/// and `vtctl import report` (an import's report, its row errors and its downloadable error
/// report).
enum ImportCommand {
    static let commands: [any VtctlCommand.Type] = [Run.self, Report.self]

    /// Uploads larger than this are refused before they reach Redis (the workers' default limit).
    static let maxUploadBytes = ImportLimits().maxBytes
    /// How long an upload stays in Redis: long enough for a queued import to find it.
    static let uploadTTLSeconds = 86_400

    /// `import run --class C --file F …`: upload, import, wait, summary.
    struct Run: VtctlCommand {
        var classId: String
        var institutionId: String?
        var file: String
        var mode: String
        var format: String
        var importId: String?
        var timeoutSeconds: Int

        static let words = ["import", "run"]
        static let usage = [
            "import run --class C --file F [--institution I] [--mode all_or_nothing|accept_valid]",
            "           [--format auto|csv|xlsx] [--import-id ID] [--timeout SECONDS]   upload, import, wait, summary",
        ]
        static let options = OptionNames(values: ["class", "institution", "file", "mode", "format", "import-id", "timeout"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            let mode = args.values["mode"] ?? ImportMode.allOrNothing.rawValue
            guard ImportMode(rawValue: mode) != nil else { throw UsageError("--mode must be all_or_nothing or accept_valid") }
            let format = args.values["format"] ?? "auto"
            guard ImportPayload.formats.contains(format) else { throw UsageError("--format must be csv, xlsx or auto") }
            return Run(classId: try args.required("class"), institutionId: args.values["institution"], file: try args.required("file"),
                       mode: mode, format: format, importId: args.values["import-id"],
                       timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode { try ImportCommand.runImport(s, self) }
    }

    /// `import report IMPORT_ID [--errors N] [--errors-out FILE.xlsx|FILE.csv]`.
    struct Report: VtctlCommand {
        var importId: String
        var errorLimit: Int
        var errorsOut: String?

        static let words = ["import", "report"]
        static let usage = ["import report IMPORT_ID [--errors N] [--errors-out FILE.xlsx|FILE.csv]   report, first N row errors, error report"]
        static let options = OptionNames(values: ["errors", "errors-out"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let id = try args.positionals(["IMPORT_ID"])[0]
            let out = args.values["errors-out"]
            if let out, reportFormat(out) == nil { throw UsageError("--errors-out must name a .csv or .xlsx file") }
            return Report(importId: id, errorLimit: try args.integer("errors", minimum: 0) ?? 20, errorsOut: out)
        }

        func run(_ s: Session) throws -> ExitCode { try ImportCommand.report(s, importId: importId, errorLimit: errorLimit, errorsOut: errorsOut) }
    }

    /// Uploads `o.file` to `{p}:upload:{importId}`, enqueues the upload's job (`type`:
    /// `import.requested`, or `scores.imported` for `vtctl scores import`) on `queue`, waits for its
    /// result and prints it, then the import's report.
    static func runImport(_ s: Session, _ o: Run, type: String = ImportPayload.type, queue: String = ImportKeys.queueName) throws -> ExitCode {
        let keys = ImportKeys(s.keys.queue)
        // The size first: an oversized file is refused without being read.
        let size = (try? FileManager.default.attributesOfItem(atPath: o.file)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxUploadBytes else {
            s.err("\(o.file) is \(size) bytes; imports take at most \(maxUploadBytes) (split the file)")
            return .error
        }
        guard let data = FileManager.default.contents(atPath: o.file) else { s.err("cannot read \(o.file)"); return .error }
        guard let institutionId = try ClassOwner.institution(s, classId: o.classId, given: o.institutionId) else { return .error }
        let importId = o.importId ?? "imp-" + Session.newJobId("import").split(separator: "-").last!
        let uploadKey = "\(s.global.prefix):upload:\(importId)"
        try s.connection.send(RedisCommand("SET", uploadKey, Array(data), "EX", uploadTTLSeconds)).throwingServerError()
        let request = ImportRequest(importId: importId, institutionId: institutionId, classId: o.classId, source: .redisKey(uploadKey),
                                    format: o.format, mode: ImportMode(rawValue: o.mode)!)
        let jobId = Session.newJobId("import")
        let envelope = JobEnvelope(id: jobId, type: type, createdAt: Timestamp.rfc3339(ms: s.clock.nowMs()),
                                   producer: Session.producerName, traceId: jobId, payload: request.json)
        if !s.json { s.out("uploaded \(o.file) (\(data.count) bytes) as import \(importId)") }
        let code = try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: o.timeoutSeconds, queue: queue)
        if !s.json, try s.connection.send("EXISTS", keys.report(importId)).int == 1 {
            _ = try report(s, importId: importId, errorLimit: 20, errorsOut: nil)
        }
        return code
    }

    /// The report hash's fields in reading order.
    static let reportFields = ["status", "kind", "classId", "institutionId", "mode", "totalRows", "validRows", "invalidRows", "acceptedRows",
                               "skippedEmptyRows", "durationMs", "finishedAt"]

    /// The error report's format named by a file's extension.
    static func reportFormat(_ path: String) -> String? {
        let ext = path.split(separator: ".").last.map { $0.lowercased() }
        return ext == "csv" || ext == "xlsx" ? ext : nil
    }

    static func report(_ s: Session, importId: String, errorLimit: Int, errorsOut: String?) throws -> ExitCode {
        let keys = ImportKeys(s.keys.queue)
        let replies = try s.connection.pipeline([RedisCommand("HGETALL", keys.report(importId)), RedisCommand("LLEN", keys.errors(importId)),
                                                 RedisCommand("LRANGE", keys.errors(importId), 0, errorLimit - 1)])
        for r in replies { try r.throwingServerError() }
        let report = replies[0].fieldMap
        guard !report.isEmpty else { s.err("no report for import \(importId) (unknown, still running, or refused before any row was read)"); return .error }
        let errorCount = replies[1].int ?? 0
        let errors = errorLimit == 0 ? [] : (replies[2].array ?? []).compactMap { $0.bytes.flatMap { try? JSONValue.parse($0) } }
        if s.json {
            s.outJSON(["importId": .string(importId), "report": .object(report.mapValues(JSONValue.string)),
                       "errorCount": .number(Double(errorCount)), "errors": .array(errors)])
        } else {
            s.out("import \(importId):")
            for key in reportFields { if let v = report[key] { s.out("  " + pad(key, 18) + v) } }
            if errorCount > 0 && errors.isEmpty {
                s.out("\(errorCount) row error\(errorCount == 1 ? "" : "s") (--errors N lists them)")
            } else if errorCount > 0 {
                s.out("row errors (\(errors.count) of \(errorCount)):")
                for e in errors {
                    s.out("  第\(e["row"]?.intValue ?? 0)行  " + pad(e["column"]?.stringValue ?? "", 10) + pad(e["code"]?.stringValue ?? "", 18)
                          + (e["message"]?.stringValue ?? ""))
                }
            }
        }
        if let errorsOut {
            let key = keys.errorReport(importId, format: reportFormat(errorsOut)!)
            guard let bytes = try s.connection.send("GET", key).throwingServerError().bytes else {
                s.err("import \(importId) has no error report (no invalid row)")
                return .error
            }
            guard s.write(bytes, to: errorsOut) else { return .error }
            if !s.json { s.out("error report written to \(errorsOut) (\(bytes.count) bytes)") }
        }
        return .ok
    }
}
