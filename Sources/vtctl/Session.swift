import Certification
import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import WorkflowKernel

/// vtctl's exit codes.
enum ExitCode: Int32 {
    case ok = 0
    /// Redis unreachable, a file unreadable, a registry refusal, nothing found.
    case error = 1
    case usage = 2
    /// The job ended `rejected`.
    case rejected = 3
    /// The job ended `dead`.
    case dead = 4
    /// No result before `--timeout`.
    case timeout = 5

    /// The code for a job result's `status`.
    static func forStatus(_ status: String?) -> ExitCode {
        switch status {
        case "done": return .ok
        case "rejected": return .rejected
        case "dead": return .dead
        default: return .timeout
        }
    }
}

/// What a running command uses: the connection, the keys, the clock and the output.
final class Session {
    let global: GlobalOptions
    let keys: CertificationKeys
    let connection: RedisConnection
    let clock: any JobQueue.Clock

    init(global: GlobalOptions, connection: RedisConnection, clock: any JobQueue.Clock = SystemClock()) {
        self.global = global
        self.keys = CertificationKeys(prefix: global.prefix)
        self.connection = connection
        self.clock = clock
    }

    var json: Bool { global.json }
    var producer: JobProducer { JobProducer(keys: keys.queue) }

    func out(_ line: String) { print(line) }

    func err(_ line: String) { FileHandle.standardError.write(Data("vtctl: \(line)\n".utf8)) }

    func outJSON(_ value: JSONValue) { print(value.jsonString) }

    /// Writes bytes to a file, or to standard output when `path` is nil or `-`; false after
    /// printing why not.
    func write(_ bytes: [UInt8], to path: String?) -> Bool {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return true
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            err("cannot write \(path)")
            return false
        }
        return true
    }

    /// A fresh job id: `vtctl-<kind>-<16 hex>`.
    static func newJobId(_ kind: String) -> String {
        var hex = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        hex = String(repeating: "0", count: 16 - hex.count) + hex
        return "vtctl-\(kind)-\(hex)"
    }

    /// Who enqueues, for the audit trail: `vtctl:<user>@<host>`.
    static var producerName: String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        return "vtctl:\(user)@\(ProcessInfo.processInfo.hostName)"
    }

    /// Enqueues `job` (the `job` field's bytes) on `queue` (default certification), waits up to
    /// `timeoutSeconds` for its result, prints it, and returns the exit code of its status.
    func enqueueAndWait(jobId: String, job: [UInt8], timeoutSeconds: Int, queue: String = CertificationKeys.queueName) throws -> ExitCode {
        try connection.send(producer.enqueueRawCommand(job, queue: queue))
        let result = try producer.waitForResult(of: jobId, timeoutMs: timeoutSeconds * 1_000, on: connection)
        let code = ExitCode.forStatus(result["status"])
        if json {
            var object = result.mapValues(JSONValue.string)
            object["jobId"] = .string(jobId)
            if let errors = result["errors"], let parsed = try? JSONValue.parse(errors) { object["errors"] = parsed }
            if result.isEmpty { object["status"] = "timeout" }
            outJSON(.object(object))
        } else if result.isEmpty {
            out("job \(jobId): no result after \(timeoutSeconds)s (is a \(queue)-worker running?); it stays queued")
        } else {
            out("\(result["status"] ?? "?"): \(result["outcome"] ?? "?") (job \(jobId))")
            if let message = result["message"] { out("  \(message)") }
            if let revision = result["revision"] { out("  revision: \(revision)") }
            for error in (try? JSONValue.parse(result["errors"] ?? "[]"))?.arrayValue ?? [] {
                out("  \(error["field"]?.stringValue ?? ""): \(error["code"]?.stringValue ?? "") \(error["message"]?.stringValue ?? "")")
            }
        }
        return code
    }
}

/// `3d 4h`, `5m 10s`, `12s`: how long something has waited.
func formatDuration(ms: Int64) -> String {
    let s = max(0, ms / 1_000)
    let (d, h, m, sec) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60)
    if d > 0 { return "\(d)d \(h)h" }
    if h > 0 { return "\(h)h \(m)m" }
    if m > 0 { return "\(m)m \(sec)s" }
    return "\(sec)s"
}

/// Pads `text` to `width` display columns (CJK characters count two).
func pad(_ text: String, _ width: Int) -> String {
    let columns = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    return columns >= width ? text + " " : text + String(repeating: " ", count: width - columns)
}

/// `text` without the spaces `pad` left at its end (a table line whose last column is padded).
func trimmingTrailingSpaces(_ text: String) -> String {
    var text = text
    while text.last == " " { text.removeLast() }
    return text
}
