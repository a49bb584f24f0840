import CertificationQueries
import DepartmentReview
import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import QualificationQueries
import RedisClient
import WorkflowKernel

/// `vtctl template students` (the import template), `vtctl import run` (upload a roster file,
/// enqueue `import.requested`, wait, print the summary) and `vtctl import report` (an import's
/// report, its row errors and its downloadable error report).
enum ImportCommand: Equatable {
    case template(format: String, out: String?)
    case run(RunOptions)
    case report(importId: String, errorLimit: Int, errorsOut: String?)

    struct RunOptions: Equatable {
        var classId: String
        var institutionId: String?
        var file: String
        var mode: String
        var format: String
        var importId: String?
        var timeoutSeconds: Int
    }

    /// Uploads larger than this are refused before they reach Redis (the workers' default limit).
    static let maxUploadBytes = ImportLimits().maxBytes
    /// How long an upload stays in Redis: long enough for a queued import to find it.
    static let uploadTTLSeconds = 86_400
    static let templateFormats = ["xlsx", "csv"]

    static func options(noun: String, verb: String) -> (values: Set<String>, flags: Set<String>) {
        switch (noun, verb) {
        case ("template", _): return (["format", "out"], [])
        case ("import", "run"): return (["class", "institution", "file", "mode", "format", "import-id", "timeout"], [])
        case ("import", "report"): return (["errors", "errors-out"], [])
        default: return ([], [])
        }
    }

    static func parse(noun: String, verb: String, _ args: Arguments) throws(UsageError) -> Command {
        switch (noun, verb) {
        case ("template", "students"):
            _ = try args.positionals([])
            let format = args.values["format"] ?? "xlsx"
            guard templateFormats.contains(format) else { throw UsageError("--format must be \(templateFormats.joined(separator: " or "))") }
            return .importCommand(.template(format: format, out: args.values["out"]))
        case ("template", _):
            throw UsageError("unknown template \(verb) (students)")
        case ("import", "run"):
            _ = try args.positionals([])
            let mode = args.values["mode"] ?? ImportMode.allOrNothing.rawValue
            guard ImportMode(rawValue: mode) != nil else { throw UsageError("--mode must be all_or_nothing or accept_valid") }
            let format = args.values["format"] ?? "auto"
            guard ImportPayload.formats.contains(format) else { throw UsageError("--format must be csv, xlsx or auto") }
            return .importCommand(.run(RunOptions(classId: try args.required("class"), institutionId: args.values["institution"],
                                                  file: try args.required("file"), mode: mode, format: format,
                                                  importId: args.values["import-id"],
                                                  timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)))
        case ("import", "report"):
            let id = try args.positionals(["IMPORT_ID"])[0]
            let out = args.values["errors-out"]
            if let out, reportFormat(out) == nil { throw UsageError("--errors-out must name a .csv or .xlsx file") }
            return .importCommand(.report(importId: id, errorLimit: try args.integer("errors", minimum: 0) ?? 20, errorsOut: out))
        default:
            throw UsageError("unknown subcommand import \(verb) (run, report)")
        }
    }

    func run(_ s: Session) throws -> ExitCode {
        switch self {
        case .template(let format, let out):
            return Self.write(s, format == "xlsx" ? StudentTemplate.xlsx() : StudentTemplate.csv(), to: out) ? .ok : .error
        case .run(let o): return try Self.runImport(s, o)
        case .report(let id, let limit, let out): return try Self.report(s, importId: id, errorLimit: limit, errorsOut: out)
        }
    }

    /// Writes bytes to a file, or to standard output when `path` is nil or `-`.
    static func write(_ s: Session, _ bytes: [UInt8], to path: String?) -> Bool {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return true
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            s.err("cannot write \(path)")
            return false
        }
        return true
    }

    static func runImport(_ s: Session, _ o: RunOptions) throws -> ExitCode {
        let keys = ImportKeys(s.keys.queue)
        // The size first: an oversized file is refused without being read.
        let size = (try? FileManager.default.attributesOfItem(atPath: o.file)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxUploadBytes else {
            s.err("\(o.file) is \(size) bytes; imports take at most \(maxUploadBytes) (split the roster)")
            return .error
        }
        guard let data = FileManager.default.contents(atPath: o.file) else { s.err("cannot read \(o.file)"); return .error }
        var institutionId = o.institutionId
        if institutionId == nil {
            institutionId = try s.connection.send("HGET", keys.classRecord(o.classId), "institutionId").throwingServerError().string
            guard institutionId != nil else { s.err("class \(o.classId) does not exist (or give --institution)"); return .error }
        }
        let importId = o.importId ?? "imp-" + Session.newJobId("import").split(separator: "-").last!
        let uploadKey = "\(s.global.prefix):upload:\(importId)"
        try s.connection.send(RedisCommand("SET", uploadKey, Array(data), "EX", uploadTTLSeconds)).throwingServerError()
        let request = ImportRequest(importId: importId, institutionId: institutionId!, classId: o.classId, source: .redisKey(uploadKey),
                                    format: o.format, mode: ImportMode(rawValue: o.mode)!)
        let jobId = Session.newJobId("import")
        let envelope = JobEnvelope(id: jobId, type: ImportPayload.type, createdAt: Timestamp.rfc3339(ms: s.clock.nowMs()),
                                   producer: Session.producerName, traceId: jobId, payload: request.json)
        if !s.json { s.out("uploaded \(o.file) (\(data.count) bytes) as import \(importId)") }
        let code = try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: o.timeoutSeconds,
                                        queue: ImportKeys.queueName)
        if !s.json, try s.connection.send("EXISTS", keys.report(importId)).int == 1 {
            _ = try report(s, importId: importId, errorLimit: 20, errorsOut: nil)
        }
        return code
    }

    /// The report hash's fields in reading order.
    static let reportFields = ["status", "classId", "institutionId", "mode", "totalRows", "validRows", "invalidRows", "acceptedRows",
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
            guard write(s, bytes, to: errorsOut) else { return .error }
            if !s.json { s.out("error report written to \(errorsOut) (\(bytes.count) bytes)") }
        }
        return .ok
    }
}
