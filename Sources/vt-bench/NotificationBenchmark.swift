import Foundation
import JobQueue
import RedisClient

/// `vt-bench notification`: inbox-only delivery by one `notification-worker` process: the drain
/// rate, and the latency from `notification.requested` (its XADD) to the inbox entry (its XADD),
/// both timed by Redis's own clock (the entry ids), at a paced load.
enum NotificationBenchmark {
    static func main(_ arguments: [String]) -> Int32 {
        var url: String?
        var jobs = 20_000
        var rate = 1_000
        var seconds = 10
        var json = false
        var i = 0
        while i < arguments.count {
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--redis-url": url = next; i += 1
            case "--jobs": jobs = Int(next) ?? jobs; i += 1
            case "--rate": rate = Int(next) ?? rate; i += 1
            case "--seconds": seconds = Int(next) ?? seconds; i += 1
            case "--json": json = true
            default:
                FileHandle.standardError.write(Data("vt-bench notification: unknown argument \(arguments[i])\n".utf8))
                return 2
            }
            i += 1
        }
        do {
            let bench = try BenchTarget(url: url)
            defer { bench.close() }
            let (target, c, prefix) = (bench.url, bench.connection, bench.prefix)
            let keys = QueueKeys(prefix: prefix)
            let worker = try WorkersBenchmark.startWorker("notification-worker", url: target, prefix: prefix, concurrency: 10)
            defer { kill(worker.processIdentifier, SIGTERM); while worker.isRunning { usleep(10_000) } }

            // Rate: a backlog of `jobs` notifications, drained by the worker.
            _ = try enqueue(jobs, tag: "drain", keys: keys, on: c)
            let stream = keys.queue("notification")
            let initial = try c.send("XLEN", stream).int ?? 0
            var started: Date?
            while true {
                let left = try c.send("XLEN", stream).int ?? 0
                if started == nil && left < initial { started = Date() }
                if left == 0 { break }
                guard worker.isRunning else { throw RedisError(.connection, "notification-worker exited; is it built?") }
                usleep(2_000)
            }
            let drainRate = Double(jobs) / Date().timeIntervalSince(started ?? Date())

            // Latency: `rate` notifications a second for `seconds` seconds.
            var sent: [String: Int64] = [:]
            let total = rate * seconds
            let tick = 0.01
            let perTick = max(1, Int(Double(rate) * tick))
            let begin = Date()
            var n = 0
            while n < total {
                let due = begin.addingTimeInterval(Double(n / perTick) * tick)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
                let batch = min(perTick, total - n)
                for (id, ms) in try enqueue(batch, tag: "lat", offset: n, keys: keys, on: c) { sent[id] = ms }
                n += batch
            }
            var latencies: [Int64] = []
            let deadline = Date().addingTimeInterval(30)
            while latencies.count < total && Date() < deadline {
                latencies = try inboxLatencies(sent: sent, prefix: prefix, on: c)
                if latencies.count < total { usleep(100_000) }
            }
            latencies.sort()
            func pct(_ p: Double) -> Int64 { latencies.isEmpty ? -1 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            let report: JSONValue = ["inboxPerSec": .number(drainRate.rounded()), "latencyRate": .number(Double(rate)),
                                     "latencyCount": .number(Double(latencies.count)), "p50Ms": .number(Double(pct(0.5))),
                                     "p99Ms": .number(Double(pct(0.99))), "maxMs": .number(Double(latencies.last ?? -1))]
            if json {
                print(report.jsonString)
            } else {
                print("vt-bench notification (inbox only, one notification-worker process)")
                print(String(format: "  drain %d notifications            %10.0f notifications/s", jobs, drainRate))
                print("  latency at \(rate)/s for \(seconds) s: p50 \(pct(0.5)) ms, p99 \(pct(0.99)) ms, max \(latencies.last ?? -1) ms (\(latencies.count) of \(total) delivered)")
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench notification: \(error)\n".utf8))
            return 1
        }
    }

    /// Enqueues inbox-only notifications for 500 institutions; returns each id with the XADD time (ms).
    static func enqueue(_ count: Int, tag: String, offset: Int = 0, keys: QueueKeys, on c: RedisConnection) throws -> [(String, Int64)] {
        var commands: [RedisCommand] = []
        var ids: [String] = []
        for k in offset..<offset + count {
            let id = "\(tag)-\(k)"
            commands.append(JobProducer(keys: keys).enqueueCommand(job(id: id, institution: k % 500), queue: "notification"))
            ids.append(id)
        }
        var out: [(String, Int64)] = []
        for (id, reply) in zip(ids, try c.pipeline(commands)) {
            guard let entry = reply.string else { try reply.throwingServerError(); continue }
            out.append((id, Int64(entry.split(separator: "-").first ?? "") ?? 0))
        }
        return out
    }

    /// An inbox-only notification to institution `inst-<institution>`.
    static func job(id: String, institution: Int) -> JobEnvelope {
        JobEnvelope(id: id, type: "notification.requested", createdAt: "2026-11-29T08:00:00Z", payload: [
            "notificationId": .string(id), "institutionId": .string("inst-\(institution)"), "template": "certification.approved",
            "params": ["institutionName": "长沙市芙蓉区启航职业技能培训学校", "revision": 1], "channels": ["inbox"],
        ])
    }

    /// Inbox entry time minus enqueue time for every delivered notification of the latency run.
    static func inboxLatencies(sent: [String: Int64], prefix: String, on c: RedisConnection) throws -> [Int64] {
        var out: [Int64] = []
        let replies = try c.pipeline((0..<500).map { RedisCommand("XRANGE", "\(prefix):inbox:inst-\($0)", "-", "+") })
        for reply in replies {
            for item in reply.array ?? [] {
                guard let pair = item.array, pair.count == 2, let id = pair[0].string,
                      let nid = pair[1].fieldMap["notificationId"], let at = sent[nid],
                      let ms = Int64(id.split(separator: "-").first ?? "") else { continue }
                out.append(ms - at)
            }
        }
        return out
    }
}
