import ClassQueries
import Foundation
import ImportWorkflow
import JobQueue
import RedisClient
import Training
import TrainingDomain

/// `vt-bench training`: `learning.recorded`, the busiest job of all, through one `training-worker`
/// process: the drain rate of a backlog (a share of the records sent again under new job ids, as a
/// learning platform retrying would), checked exactly (every record counted once, the hours equal
/// to the sum of the distinct records, every job `done`); then the latency from the XADD (the
/// entry id's time) to the result's `finishedAt` at a fixed rate.
enum TrainingBenchmark {
    struct Options {
        var redisURL: String?
        var records = 200_000
        var copies = 0.1
        var classes = 20
        var students = 50
        var rate = 5_000
        var seconds = 10
        var concurrency = 10
        var runs = 1
        var json = false
    }

    static let usage = """
        vt-bench training [--records 200000] [--copies 0.1] [--classes 20] [--students 50] [--concurrency 10]
                          [--runs 1] [--rate 5000] [--seconds 10] [--redis-url URL] [--json]
          One training-worker process drains --records learning.recorded jobs (a --copies share of them
          copies of earlier records under new job ids) over --classes locked classes of --students
          each: records/s, peak RSS, and the exact check of the hours; then latency (p50, p99, max)
          at --rate records/s for --seconds with a fresh process (--rate 0: skip).
        """

    static func main(_ arguments: [String]) -> Int32 {
        var o = Options()
        var i = 0
        func value() -> String { i += 1; return i < arguments.count ? arguments[i] : "" }
        while i < arguments.count {
            switch arguments[i] {
            case "--redis-url": o.redisURL = value()
            case "--records": o.records = Int(value()) ?? o.records
            case "--copies": o.copies = Double(value()) ?? o.copies
            case "--classes": o.classes = Int(value()) ?? o.classes
            case "--students": o.students = Int(value()) ?? o.students
            case "--rate": o.rate = Int(value()) ?? o.rate
            case "--seconds": o.seconds = Int(value()) ?? o.seconds
            case "--concurrency": o.concurrency = Int(value()) ?? o.concurrency
            case "--runs": o.runs = Int(value()) ?? o.runs
            case "--json": o.json = true
            default:
                FileHandle.standardError.write(Data("vt-bench training: unknown argument \(arguments[i])\n\(usage)\n".utf8))
                return 2
            }
            i += 1
        }
        guard o.records > 0, o.classes > 0, o.students > 0, (0..<1).contains(o.copies), o.runs > 0, o.rate >= 0, o.seconds > 0 else {
            FileHandle.standardError.write(Data("vt-bench training: bad arguments\n\(usage)\n".utf8))
            return 2
        }
        do {
            var server: BenchRedis?
            if o.redisURL == nil { server = try BenchRedis() }
            defer { server?.stop() }
            let url = o.redisURL ?? server!.url
            let c = try RedisConnection(try RedisConfiguration(url: url, environment: ProcessInfo.processInfo.environment))
            var drains: [JSONValue] = []
            for run in 1...o.runs {
                let d = try drain(o, url: url, on: c)
                drains.append(["recordsPerSec": .number(d.rate.rounded()), "peakRSSBytes": .number(Double(d.rss)),
                               "workerCPUMicrosPerRecord": .number(d.workerMicros.rounded()), "redisCPUMicrosPerRecord": .number(d.redisMicros.rounded())])
                if !o.json {
                    print(String(format: "training drain run %d: %d records (%.0f%% copies), concurrency %d: %.0f records/s, peak RSS %.1f MiB, "
                                 + "CPU per record: worker %.1f µs, Redis %.1f µs; hours exact",
                                 run, o.records, o.copies * 100, o.concurrency, d.rate, Double(d.rss) / 1_048_576, d.workerMicros, d.redisMicros))
                }
            }
            var report: [String: JSONValue] = ["records": .number(Double(o.records)), "copies": .number(o.copies),
                                               "concurrency": .number(Double(o.concurrency)), "drains": .array(drains)]
            if o.rate > 0 {
                let l = try latency(o, url: url, on: c)
                report["latency"] = ["rate": .number(Double(o.rate)), "count": .number(Double(l.count)), "p50Ms": .number(Double(l.p50)),
                                     "p99Ms": .number(Double(l.p99)), "maxMs": .number(Double(l.max))]
                if !o.json { print("training latency at \(o.rate)/s for \(o.seconds) s: p50 \(l.p50) ms, p99 \(l.p99) ms, max \(l.max) ms (\(l.count) records)") }
            }
            if o.json { print(JSONValue.object(report).jsonString) }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench training: \(error)\n".utf8))
            return 1
        }
    }

    /// The classes (locked, `students` each on the roster), written as the import workflow leaves them.
    static func seed(_ o: Options, keys: QueueKeys, on c: RedisConnection) throws -> [[String]] {
        var rosters: [[String]] = []
        var commands: [RedisCommand] = []
        for k in 0..<o.classes {
            let classId = "bench-class-\(k)"
            let record = ClassRecord(classId: classId, institutionId: "bench-inst", name: "电工初级班\(k)", occupation: "electrician", level: .junior,
                                     trainingMode: .online, location: nil, plannedSize: o.students, state: .locked, version: 2,
                                     courses: [Course(courseId: "c-1", name: "电工基础", hours: 16)])
            commands.append(.hset(ClassQuery.classKey(classId, prefix: keys.prefix), record.fields + [("rosterVersion", "1")]))
            let ids = (0..<o.students).map { s -> String in
                let first17 = "430102" + "1990" + String(format: "%02d%02d", 1 + s % 12, 1 + k % 28) + String(format: "%03d", s % 1_000)
                return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
            }
            let encoder = RosterEntry.Encoder(addedAt: "2026-03-01T08:00:00+08:00", source: "bench")
            let entries = ids.map { id in
                String(decoding: encoder.encode(StudentRecord(idNumber: id, name: "学员", gender: .male, phone: "13800000000", studentType: "城镇登记失业人员")), as: UTF8.self)
            }
            commands.append(.hset(ClassQuery.studentsKey(classId, prefix: keys.prefix), Array(zip(ids, entries))))
            rosters.append(ids)
        }
        for reply in try c.pipeline(commands) { try reply.throwingServerError() }
        return rosters
    }

    struct Sent {
        var entryMs: [String: Int64] = [:]
        /// classId → ID number → seconds of the distinct records.
        var expected: [String: [String: Int]] = [:]
        var distinct = 0
    }

    /// Enqueues `count` records from `offset` (job ids `tag-n`), a `copies` share of them copies of
    /// earlier ones of this call, in pipelines of 1,000.
    static func enqueue(_ count: Int, offset: Int, tag: String, copies: Double, rosters: [[String]], keys: QueueKeys,
                        into sent: inout Sent, on c: RedisConnection) throws {
        let producer = JobProducer(keys: keys)
        var rng = SystemRandomNumberGenerator()
        var records: [LearningRecordRequest] = []
        var batch: [JobEnvelope] = []
        func flush() throws {
            for (job, reply) in zip(batch, try c.pipeline(batch.map { producer.enqueueCommand($0, queue: TrainingKeys.queueName) })) {
                guard let entry = reply.string else { try reply.throwingServerError(); continue }
                sent.entryMs[job.id] = Int64(entry.split(separator: "-").first ?? "") ?? 0
            }
            batch.removeAll(keepingCapacity: true)
        }
        for n in offset..<offset + count {
            let request: LearningRecordRequest
            if !records.isEmpty, Double.random(in: 0..<1, using: &rng) < copies {
                request = records.randomElement(using: &rng)!
            } else {
                let k = Int.random(in: 0..<rosters.count, using: &rng)
                let student = rosters[k].randomElement(using: &rng)!
                request = LearningRecordRequest(recordId: "\(tag)-rec-\(n)", classId: "bench-class-\(k)", idNumber: student, courseId: "c-1",
                                                seconds: Int.random(in: 60...3_600, using: &rng), occurredAt: "2026-11-29T08:00:00+08:00")
                records.append(request)
                sent.expected[request.classId, default: [:]][student, default: 0] += request.seconds
                sent.distinct += 1
            }
            batch.append(JobEnvelope(id: "\(tag)-\(n)", type: LearningPayload.type, createdAt: "2026-11-29T08:00:00+08:00",
                                     producer: "learning-platform", payload: request.json))
            if batch.count == 1_000 { try flush() }
        }
        try flush()
    }

    /// One drain's figures.
    struct Drain {
        var rate = 0.0
        var rss = 0
        /// CPU time per record of the worker process and of Redis while draining (µs): unlike the
        /// rate, these hardly move with the machine's other load.
        var workerMicros = 0.0
        var redisMicros = 0.0
    }

    /// CPU seconds used by process `pid` so far (utime + stime).
    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Redis's own CPU seconds so far (`INFO cpu`: used_cpu_user + used_cpu_sys).
    static func redisCPUSeconds(on c: RedisConnection) throws -> Double {
        let info = try c.send("INFO", "cpu").string ?? ""
        return info.split(whereSeparator: \.isNewline).reduce(0) { sum, line in
            let parts = line.split(separator: ":")
            guard parts.count == 2, parts[0] == "used_cpu_user" || parts[0] == "used_cpu_sys" else { return sum }
            return sum + (Double(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0)
        }
    }

    /// One drain; throws unless the hours are exact.
    static func drain(_ o: Options, url: String, on c: RedisConnection) throws -> Drain {
        let keys = QueueKeys(prefix: "vtbench\(UInt32.random(in: 0...UInt32.max))")
        defer { QueueBenchmark.cleanUp(prefix: keys.prefix, on: c) }
        let rosters = try seed(o, keys: keys, on: c)
        var sent = Sent()
        try enqueue(o.records, offset: 0, tag: "d", copies: o.copies, rosters: rosters, keys: keys, into: &sent, on: c)
        let worker = try WorkersBenchmark.startWorker("training-worker", url: url, prefix: keys.prefix, concurrency: o.concurrency)
        defer { WorkersBenchmark.stop([worker]) }
        let stream = keys.queue(TrainingKeys.queueName)
        var started: Date?
        var peak = 0
        let redisBefore = try redisCPUSeconds(on: c)
        while true {
            let left = try c.send("XLEN", stream).int ?? 0
            if started == nil && left < o.records { started = Date() }
            peak = max(peak, QueueBenchmark.peakRSS(pid: worker.processIdentifier))
            if left == 0 { break }
            guard worker.isRunning else { throw RedisError(.connection, "training-worker exited; is it built?") }
            usleep(2_000)
        }
        let rate = Double(o.records) / max(Date().timeIntervalSince(started ?? Date()), 0.000_001)
        let redisSeconds = try redisCPUSeconds(on: c) - redisBefore
        let workerSeconds = cpuSeconds(pid: worker.processIdentifier)
        peak = max(peak, QueueBenchmark.peakRSS(pid: worker.processIdentifier))
        try check(sent, keys: keys, on: c)
        return Drain(rate: rate, rss: peak, workerMicros: workerSeconds * 1e6 / Double(o.records), redisMicros: redisSeconds * 1e6 / Double(o.records))
    }

    /// Every job done (`recorded` or `already_counted`), each distinct record claimed once, and
    /// every student's hours the sum of their distinct records.
    static func check(_ sent: Sent, keys: QueueKeys, on c: RedisConnection) throws {
        try WorkersBenchmark.requireDone(Array(sent.entryMs.keys), keys: ImportKeys(keys), kind: "training", on: c)
        let t = TrainingKeys(keys)
        var claimed = 0
        for (classId, expected) in sent.expected {
            let hours = try c.send("HGETALL", t.hours(classId)).fieldMap
            guard hours == expected.mapValues(String.init) else { throw RedisError(.unexpectedReply, "hours of \(classId) differ from the distinct records") }
            claimed += try c.send("HLEN", t.records(classId)).int ?? 0
        }
        guard claimed == sent.distinct else { throw RedisError(.unexpectedReply, "\(claimed) records claimed for \(sent.distinct) distinct ones") }
    }

    /// `rate` records a second for `seconds` into one fresh worker; the latency percentiles (ms).
    static func latency(_ o: Options, url: String, on c: RedisConnection) throws -> (p50: Int64, p99: Int64, max: Int64, count: Int) {
        let keys = QueueKeys(prefix: "vtbench\(UInt32.random(in: 0...UInt32.max))")
        defer { QueueBenchmark.cleanUp(prefix: keys.prefix, on: c) }
        let rosters = try seed(o, keys: keys, on: c)
        let worker = try WorkersBenchmark.startWorker("training-worker", url: url, prefix: keys.prefix, concurrency: o.concurrency)
        defer { WorkersBenchmark.stop([worker]) }
        let ready = Date().addingTimeInterval(20)
        while try (c.send("ZCARD", keys.heartbeats(TrainingKeys.queueName)).int ?? 0) == 0 && Date() < ready { usleep(10_000) }
        var sent = Sent()
        let total = o.rate * o.seconds
        let tick = 0.005
        let perTick = max(1, Int(Double(o.rate) * tick))
        let begin = Date()
        var n = 0
        while n < total {
            let wait = begin.addingTimeInterval(Double(n / perTick) * tick).timeIntervalSinceNow
            if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            let batch = min(perTick, total - n)
            try enqueue(batch, offset: n, tag: "l", copies: o.copies, rosters: rosters, keys: keys, into: &sent, on: c)
            n += batch
        }
        let ids = Array(sent.entryMs.keys)
        var finished: [String: Int64] = [:]
        let deadline = Date().addingTimeInterval(60)
        while finished.count < total && Date() < deadline {
            let pending = ids.filter { finished[$0] == nil }
            for start in stride(from: 0, to: pending.count, by: 5_000) {
                let chunk = Array(pending[start..<min(start + 5_000, pending.count)])
                for (id, reply) in zip(chunk, try c.pipeline(chunk.map { RedisCommand("HGET", keys.result($0), "finishedAt") })) {
                    if let at = reply.string.flatMap(Timestamp.parseRFC3339) { finished[id] = at }
                }
            }
            if finished.count < total { usleep(100_000) }
        }
        try WorkersBenchmark.requireDone(ids, keys: ImportKeys(keys), kind: "training", on: c)
        let latencies = finished.map { $0.value - sent.entryMs[$0.key]! }.sorted()
        func pct(_ p: Double) -> Int64 { latencies.isEmpty ? -1 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return (pct(0.5), pct(0.99), latencies.last ?? -1, latencies.count)
    }
}
