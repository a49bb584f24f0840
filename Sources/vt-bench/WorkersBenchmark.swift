import CertificationQueries
import DepartmentReview
import Foundation
import ImportWorkflow
import JobQueue
import QualificationQueries
import RedisClient
import WorkflowKernel

/// `vt-bench workers`: for each worker kind, the drain rate of a backlog of its typical job with
/// 1, 2 and 4 processes, their peak RSS, and the latency from enqueue (the entry id's time) to
/// result (`finishedAt`) at a fixed rate with one process. Every job must end `done`: a
/// benchmark of refusals would measure nothing.
enum WorkersBenchmark {
    struct Options {
        var redisURL: String?
        var kinds = Workload.all.map(\.kind)
        var jobs = 20_000
        var processes = [1, 2, 4]
        var rate = 500
        var seconds = 10
        var concurrency = 10
        var json = false
    }

    struct KindReport {
        var kind = ""
        var rowsPerJob = 0
        var jobs = 0
        var drainPerSec: [Int: Double] = [:]
        var peakRSSBytes: [Int: Int] = [:]
        var rate = 0
        var latencyMs: (p50: Int64, p99: Int64, max: Int64, count: Int) = (-1, -1, -1, 0)

        var json: JSONValue {
            func byProcesses<T>(_ d: [Int: T], _ f: (T) -> Double) -> JSONValue {
                .object(Dictionary(uniqueKeysWithValues: d.map { (String($0.key), JSONValue.number(f($0.value))) }))
            }
            return ["kind": .string(kind), "jobs": .number(Double(jobs)), "rowsPerJob": .number(Double(rowsPerJob)),
                    "drainPerSec": byProcesses(drainPerSec) { $0.rounded() }, "peakRSSBytes": byProcesses(peakRSSBytes) { Double($0) },
                    "latencyRate": .number(Double(rate)), "p50Ms": .number(Double(latencyMs.p50)), "p99Ms": .number(Double(latencyMs.p99)),
                    "maxMs": .number(Double(latencyMs.max)), "latencyCount": .number(Double(latencyMs.count))]
        }

        var text: String {
            var lines = ["  \(kind) (\(jobs) jobs\(rowsPerJob > 0 ? " of \(rowsPerJob) rows" : ""))"]
            for p in drainPerSec.keys.sorted() {
                let rows = rowsPerJob > 0 ? String(format: " (%.0f rows/s)", drainPerSec[p]! * Double(rowsPerJob)) : ""
                lines.append(String(format: "    %d process%@  %9.0f jobs/s%@   peak RSS %5.1f MiB", p, p == 1 ? "  " : "es", drainPerSec[p]!, rows,
                                    Double(peakRSSBytes[p] ?? 0) / 1_048_576))
            }
            lines.append("    latency at \(rate)/s, 1 process: p50 \(latencyMs.p50) ms, p99 \(latencyMs.p99) ms, max \(latencyMs.max) ms (\(latencyMs.count) jobs)")
            return lines.joined(separator: "\n")
        }
    }

    static let usage = """
        vt-bench workers [--kinds certification,qualification,notification,import] [--jobs N] [--processes 1,2,4]
                         [--rate N] [--seconds N] [--concurrency N] [--redis-url URL] [--json]
          Per worker kind: drain rate of --jobs typical jobs (imports: a tenth as many, of 100 rows each)
          by 1, 2 and 4 processes, peak RSS, and latency (p50, p99) at --rate jobs/s (imports: a tenth)
          for --seconds with one process.
        """

    static func main(_ arguments: [String]) -> Int32 {
        var o = Options()
        var i = 0
        func value() -> String { i += 1; return i < arguments.count ? arguments[i] : "" }
        func numbers(_ text: String) -> [Int] { text.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 } }
        while i < arguments.count {
            switch arguments[i] {
            case "--redis-url": o.redisURL = value()
            case "--kinds": o.kinds = value().split(separator: ",").map(String.init)
            case "--jobs": o.jobs = Int(value()) ?? o.jobs
            case "--processes": o.processes = numbers(value())
            case "--rate": o.rate = Int(value()) ?? o.rate
            case "--seconds": o.seconds = Int(value()) ?? o.seconds
            case "--concurrency": o.concurrency = Int(value()) ?? o.concurrency
            case "--json": o.json = true
            default:
                FileHandle.standardError.write(Data("vt-bench workers: unknown argument \(arguments[i])\n\(usage)\n".utf8))
                return 2
            }
            i += 1
        }
        let workloads = o.kinds.compactMap(Workload.named)
        guard workloads.count == o.kinds.count, !o.processes.isEmpty, o.jobs > 0, o.rate > 0, o.seconds > 0 else {
            FileHandle.standardError.write(Data("vt-bench workers: bad arguments\n\(usage)\n".utf8))
            return 2
        }
        do {
            var server: BenchRedis?
            if o.redisURL == nil { server = try BenchRedis() }
            defer { server?.stop() }
            let url = o.redisURL ?? server!.url
            let c = try RedisConnection(try RedisConfiguration(url: url, environment: ProcessInfo.processInfo.environment))
            if !o.json { print("vt-bench workers (concurrency \(o.concurrency) per process, \(ProcessInfo.processInfo.activeProcessorCount) cores)") }
            var reports: [JSONValue] = []
            for w in workloads {
                let report = try measure(w, o, url: url, on: c)
                if o.json { reports.append(report.json) } else { print(report.text) }
            }
            if o.json { print(JSONValue.array(reports).jsonString) }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench workers: \(error)\n".utf8))
            return 1
        }
    }

    static func measure(_ w: Workload, _ o: Options, url: String, on c: RedisConnection) throws -> KindReport {
        let scale = w.rowsPerJob > 0 ? 10 : 1
        var report = KindReport(kind: w.kind, rowsPerJob: w.rowsPerJob, jobs: o.jobs / scale, rate: max(1, o.rate / scale))
        for p in o.processes {
            let keys = ImportKeys(prefix: "vtbench\(UInt32.random(in: 0...UInt32.max))")
            defer { QueueBenchmark.cleanUp(prefix: keys.prefix, on: c) }
            try w.seed(keys, "d", report.jobs, c)
            let sent = try enqueue(w, tag: "d", range: 0..<report.jobs, keys: keys, on: c)
            let workers = try (0..<p).map { _ in try startWorker(w.executable, url: url, prefix: keys.prefix, concurrency: o.concurrency) }
            defer { stop(workers) }
            let stream = keys.queue.queue(w.queue)
            var started: Date?
            var peak = 0
            while true {
                let left = try c.send("XLEN", stream).int ?? 0
                if started == nil && left < report.jobs { started = Date() }
                peak = max(peak, workers.map { QueueBenchmark.peakRSS(pid: $0.processIdentifier) }.reduce(0, max))
                if left == 0 { break }
                guard workers.allSatisfy(\.isRunning) else { throw RedisError(.connection, "\(w.executable) exited; is it built?") }
                usleep(2_000)
            }
            report.drainPerSec[p] = Double(report.jobs) / max(Date().timeIntervalSince(started ?? Date()), 0.000_001)
            report.peakRSSBytes[p] = max(peak, workers.map { QueueBenchmark.peakRSS(pid: $0.processIdentifier) }.reduce(0, max))
            try requireDone(Array(sent.keys), keys: keys, kind: w.kind, on: c)
        }
        report.latencyMs = try latency(w, rate: report.rate, seconds: o.seconds, concurrency: o.concurrency, url: url, on: c)
        return report
    }

    /// Paces `rate` jobs a second for `seconds` into one fresh worker; returns the latency percentiles.
    static func latency(_ w: Workload, rate: Int, seconds: Int, concurrency: Int, url: String,
                        on c: RedisConnection) throws -> (p50: Int64, p99: Int64, max: Int64, count: Int) {
        let keys = ImportKeys(prefix: "vtbench\(UInt32.random(in: 0...UInt32.max))")
        defer { QueueBenchmark.cleanUp(prefix: keys.prefix, on: c) }
        let total = rate * seconds
        try w.seed(keys, "l", total, c)
        let worker = try startWorker(w.executable, url: url, prefix: keys.prefix, concurrency: concurrency)
        defer { stop([worker]) }
        let ready = Date().addingTimeInterval(20)
        while try (c.send("ZCARD", keys.queue.heartbeats(w.queue)).int ?? 0) == 0 && Date() < ready { usleep(10_000) }
        var sent: [String: Int64] = [:]
        let tick = 0.01
        let perTick = max(1, Int(Double(rate) * tick))
        let begin = Date()
        var n = 0
        while n < total {
            let wait = begin.addingTimeInterval(Double(n / perTick) * tick).timeIntervalSinceNow
            if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            let batch = min(perTick, total - n)
            sent.merge(try enqueue(w, tag: "l", range: n..<n + batch, keys: keys, on: c)) { a, _ in a }
            n += batch
        }
        let ids = Array(sent.keys)
        var finished: [String: Int64] = [:]
        let deadline = Date().addingTimeInterval(60)
        while finished.count < total && Date() < deadline {
            let pending = ids.filter { finished[$0] == nil }
            for (id, reply) in zip(pending, try c.pipeline(pending.map { RedisCommand("HGET", keys.queue.result($0), "finishedAt") })) {
                if let at = reply.string.flatMap(Timestamp.parseRFC3339) { finished[id] = at }
            }
            if finished.count < total { usleep(100_000) }
        }
        try requireDone(ids, keys: keys, kind: w.kind, on: c)
        let latencies = finished.map { $0.value - sent[$0.key]! }.sorted()
        func pct(_ p: Double) -> Int64 { latencies.isEmpty ? -1 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return (pct(0.5), pct(0.99), latencies.last ?? -1, latencies.count)
    }

    /// Enqueues jobs `range` in pipelines of 1,000; returns each job id with its entry's time (ms).
    static func enqueue(_ w: Workload, tag: String, range: Range<Int>, keys: ImportKeys, on c: RedisConnection) throws -> [String: Int64] {
        let producer = JobProducer(keys: keys.queue)
        var out: [String: Int64] = [:]
        for start in stride(from: range.lowerBound, to: range.upperBound, by: 1_000) {
            let jobs = (start..<min(start + 1_000, range.upperBound)).map { w.job(tag, $0, keys) }
            for (job, reply) in zip(jobs, try c.pipeline(jobs.map { producer.enqueueCommand($0, queue: w.queue) })) {
                guard let entry = reply.string else { try reply.throwingServerError(); continue }
                out[job.id] = Int64(entry.split(separator: "-").first ?? "") ?? 0
            }
        }
        return out
    }

    /// Throws unless every job's result is `done`, naming the first other outcome.
    static func requireDone(_ ids: [String], keys: ImportKeys, kind: String, on c: RedisConnection) throws {
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let chunk = Array(ids[start..<min(start + 1_000, ids.count)])
            for (id, reply) in zip(chunk, try c.pipeline(chunk.map { RedisCommand("HMGET", keys.queue.result($0), "status", "outcome", "message") })) {
                let f = (reply.array ?? []).map(\.string)
                guard f.first == "done" else {
                    throw RedisError(.connection, "\(kind) job \(id) ended \(f.compactMap { $0 }.joined(separator: ": ")) instead of done")
                }
            }
        }
    }

    static func startWorker(_ executable: String, url: String, prefix: String, concurrency: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(executable)
        var env = ProcessInfo.processInfo.environment
        env["VT_REDIS_URL"] = url
        env["VT_PREFIX"] = prefix
        env["VT_CONCURRENCY"] = String(concurrency)
        env["VT_LOG_LEVEL"] = "warning"
        env["VT_SMS_URL"] = nil
        env["VT_WEBHOOK_URL"] = nil
        p.environment = env
        try p.run()
        return p
    }

    static func stop(_ processes: [Process]) {
        for p in processes where p.isRunning { kill(p.processIdentifier, SIGTERM) }
        for p in processes { while p.isRunning { usleep(10_000) } }
    }
}
