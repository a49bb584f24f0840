import Foundation
import JobQueue
import RedisClient

/// `vt-bench queue`: the job runtime's throughput and memory, measured with a real worker process.
enum QueueBenchmark {
    struct Options {
        var redisURL: String?
        var jobs = 100_000
        var smallJobs = 100_000
        var json = false
        var compareSidekiq = false
        var sidekiqJobs = 20_000
    }

    static func main(_ arguments: [String]) -> Int32 {
        var o = Options()
        var i = 0
        func value() -> String? { i += 1; return i < arguments.count ? arguments[i] : nil }
        while i < arguments.count {
            switch arguments[i] {
            case "--redis-url": o.redisURL = value()
            case "--jobs": o.jobs = Int(value() ?? "") ?? o.jobs
            case "--small-jobs": o.smallJobs = Int(value() ?? "") ?? o.smallJobs
            case "--sidekiq-jobs": o.sidekiqJobs = Int(value() ?? "") ?? o.sidekiqJobs
            case "--json": o.json = true
            case "--compare-sidekiq": o.compareSidekiq = true
            default:
                FileHandle.standardError.write(Data("vt-bench queue: unknown argument \(arguments[i])\n".utf8))
                return 2
            }
            i += 1
        }
        do {
            let report = try run(o)
            print(o.json ? report.json.jsonString : report.text)
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench queue: \(error)\n".utf8))
            return 1
        }
    }

    struct Report {
        var enqueuePerSec = 0.0
        var drainPerSec: [Int: Double] = [:]
        var smallJobPerSec = 0.0
        var peakRSSBytes = 0
        var sidekiq: [String: JSONValue] = [:]
        var jobs = 0
        var redis = ""

        var json: JSONValue {
            var o: [String: JSONValue] = [
                "enqueuePerSec": .number(enqueuePerSec.rounded()),
                "drainPerSec": .object(Dictionary(uniqueKeysWithValues: drainPerSec.map { (String($0.key), JSONValue.number($0.value.rounded())) })),
                "smallJobPerSec": .number(smallJobPerSec.rounded()),
                "peakRSSBytes": .number(Double(peakRSSBytes)),
                "jobs": .number(Double(jobs)),
            ]
            if !sidekiq.isEmpty { o["sidekiq"] = .object(sidekiq) }
            return .object(o)
        }

        var text: String {
            var lines = ["vt-bench queue (\(jobs) jobs per run, Redis \(redis))",
                         String(format: "  enqueue (pipelined XADD)         %10.0f jobs/s", enqueuePerSec)]
            for c in drainPerSec.keys.sorted() {
                lines.append(String(format: "  drain no-op, concurrency %-3d     %10.0f jobs/s", c, drainPerSec[c]!))
            }
            lines.append(String(format: "  small job (HSET + XADD), conc 10 %10.0f jobs/s", smallJobPerSec))
            lines.append(String(format: "  worker peak RSS                  %10.1f MiB", Double(peakRSSBytes) / 1_048_576))
            for (k, v) in sidekiq.sorted(by: { $0.key < $1.key }) { lines.append("  sidekiq \(k): \(v.jsonString)") }
            return lines.joined(separator: "\n")
        }
    }

    static func run(_ o: Options) throws -> Report {
        var server: BenchRedis?
        let url: String
        if let given = o.redisURL {
            url = given
        } else {
            server = try BenchRedis()
            url = server!.url
        }
        defer { server?.stop() }
        let connection = try RedisConnection(try RedisConfiguration(url: url, environment: ProcessInfo.processInfo.environment))
        var report = Report()
        report.jobs = o.jobs
        report.redis = (try? connection.send("INFO", "server").string)?.split(separator: "\r\n").first { $0.hasPrefix("redis_version:") }.map { String($0.dropFirst(14)) } ?? "?"
        let prefix = "vtbench\(UInt32.random(in: 0...UInt32.max))"
        defer { cleanUp(prefix: prefix, on: connection) }
        let keys = QueueKeys(prefix: prefix)

        var firstRun = true
        for concurrency in [1, 10, 50] {
            let enqueueRate = try enqueue(o.jobs, type: "bench.noop", keys: keys, tag: "c\(concurrency)", on: connection)
            if firstRun { report.enqueuePerSec = enqueueRate; firstRun = false }
            let (rate, rss) = try drain(o.jobs, concurrency: concurrency, url: url, prefix: prefix, keys: keys, on: connection)
            report.drainPerSec[concurrency] = rate
            report.peakRSSBytes = max(report.peakRSSBytes, rss)
        }
        _ = try enqueue(o.smallJobs, type: "bench.small", keys: keys, tag: "small", on: connection)
        let (smallRate, rss) = try drain(o.smallJobs, concurrency: 10, url: url, prefix: prefix, keys: keys, on: connection)
        report.smallJobPerSec = smallRate
        report.peakRSSBytes = max(report.peakRSSBytes, rss)
        if o.compareSidekiq { report.sidekiq = sidekiq(url: url, jobs: o.sidekiqJobs) }
        return report
    }

    /// Enqueues `count` jobs in pipelines of 1,000; returns jobs per second.
    static func enqueue(_ count: Int, type: String, keys: QueueKeys, tag: String, on c: RedisConnection) throws -> Double {
        let producer = JobProducer(keys: keys)
        let start = Date()
        var batch: [RedisCommand] = []
        batch.reserveCapacity(1_000)
        for n in 0..<count {
            let e = JobEnvelope(id: "\(tag)-\(n)", type: type, createdAt: "2026-11-29T08:00:00Z", traceId: "bench",
                                payload: ["institutionId": .string("inst-\(n % 500)"), "n": .number(Double(n))])
            batch.append(producer.enqueueCommand(e, queue: "bench"))
            if batch.count == 1_000 {
                for r in try c.pipeline(batch) { try r.throwingServerError() }
                batch.removeAll(keepingCapacity: true)
            }
        }
        for r in try c.pipeline(batch) { try r.throwingServerError() }
        return Double(count) / Date().timeIntervalSince(start)
    }

    /// Starts a worker process, waits until it has emptied the queue, stops it. Returns the rate
    /// (from its first consumed job to the last) and the process's peak RSS (VmHWM).
    static func drain(_ count: Int, concurrency: Int, url: String, prefix: String, keys: QueueKeys, on c: RedisConnection) throws -> (Double, Int) {
        let stream = keys.queue("bench")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["worker"]
        var env = ProcessInfo.processInfo.environment
        env["VT_REDIS_URL"] = url
        env["VT_PREFIX"] = prefix
        env["VT_CONCURRENCY"] = String(concurrency)
        env["VT_LOG_LEVEL"] = "warning"
        env["VT_FETCH_COUNT"] = env["VT_FETCH_COUNT"] ?? "64"
        p.environment = env
        try p.run()
        var peak = 0
        let initial = try c.send("XLEN", stream).int ?? 0
        var started: Date?
        while true {
            let left = try c.send("XLEN", stream).int ?? 0
            if started == nil && left < initial { started = Date() }
            peak = max(peak, peakRSS(pid: p.processIdentifier))
            if left == 0 { break }
            if !p.isRunning { throw RedisError(.connection, "benchmark worker exited early") }
            usleep(2_000)
        }
        let elapsed = Date().timeIntervalSince(started ?? Date())
        peak = max(peak, peakRSS(pid: p.processIdentifier))
        kill(p.processIdentifier, SIGTERM)
        while p.isRunning { usleep(10_000) }
        return (Double(count) / max(elapsed, 0.000_001), peak)
    }

    static func peakRSS(pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1_024
    }

    /// Runs deploy/bench/sidekiq/sidekiq-bench.sh (Debian's ruby-sidekiq, 10 threads) on the same Redis.
    static func sidekiq(url: String, jobs: Int) -> [String: JSONValue] {
        let script = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("deploy/bench/sidekiq/sidekiq-bench.sh")
        var out: [String: JSONValue] = [:]
        for kind in ["noop", "small"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = [script.path, "--redis-url", url, "--jobs", String(jobs), "--threads", "10", "--kind", kind]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { return ["error": .string("cannot run \(script.path)")] }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            while p.isRunning { usleep(10_000) }
            if p.terminationStatus == 3 { return ["error": "sidekiq not installed (apt-get install ruby-sidekiq)"] }
            if let v = try? JSONValue.parse(Array(data)), let rate = v["perSec"] { out["\(kind)PerSec"] = rate }
        }
        return out
    }

    static func cleanUp(prefix: String, on c: RedisConnection) {
        var cursor = "0"
        repeat {
            guard let reply = try? c.send("SCAN", cursor, "MATCH", "\(prefix):*", "COUNT", 1_000).array, reply.count == 2 else { return }
            cursor = reply[0].string ?? "0"
            let keys = reply[1].array?.compactMap(\.string) ?? []
            if !keys.isEmpty { _ = try? c.send(RedisCommand("UNLINK", keys)) }
        } while cursor != "0"
    }
}

/// Where a benchmark runs: the Redis at `url`, or a throwaway server when none is given, and a
/// fresh key prefix that `close()` cleans up.
final class BenchTarget {
    let server: BenchRedis?
    let url: String
    let connection: RedisConnection
    let prefix = "vtbench\(UInt32.random(in: 0...UInt32.max))"

    init(url given: String?) throws {
        server = given == nil ? try BenchRedis() : nil
        url = given ?? server!.url
        connection = try RedisConnection(try RedisConfiguration(url: url, environment: ProcessInfo.processInfo.environment))
    }

    func close() {
        QueueBenchmark.cleanUp(prefix: prefix, on: connection)
        server?.stop()
    }
}

/// A throwaway redis-server for the benchmark (no persistence, a free port, a temp dir).
final class BenchRedis {
    let port: Int
    let dir: URL
    let process = Process()

    init() throws {
        // This server stands alone: Sentinels named in the environment are not its (nor its workers').
        unsetenv(RedisConfiguration.Environment.sentinels)
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("vt-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        port = Int.random(in: 20_000...40_000)
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server") ? "/usr/bin/redis-server" : "/usr/local/bin/redis-server")
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if let c = try? RedisConnection(RedisConfiguration(port: port)), (try? c.send("PING")) != nil { return }
            usleep(20_000)
        }
        throw RedisError(.connection, "redis-server did not start on port \(port)")
    }

    var url: String { "redis://127.0.0.1:\(port)/0" }

    func stop() {
        if let c = try? RedisConnection(RedisConfiguration(port: port)) { _ = try? c.send("SHUTDOWN", "NOSAVE") }
        while process.isRunning { usleep(10_000) }
        try? FileManager.default.removeItem(at: dir)
    }
}
