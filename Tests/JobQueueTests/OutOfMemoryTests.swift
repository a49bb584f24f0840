import Foundation
@testable import JobQueue
import RedisClient
import TestSupport
import Testing

/// A full Redis (`maxmemory` with `noeviction`): a real vt-testworker against a real redis-server
/// with a tiny maxmemory. It must start, keep every job, back off instead of spinning, say why on
/// /readyz and /metrics, and finish every job exactly once when memory is freed.
@Suite(.serialized) struct OutOfMemoryTests {
    @Test func backoffDelay_startsShort_growsWithTheRefusal_andIsCapped() {
        #expect(WriteRefusals.delayMs(refusedForMs: 0) == 100)
        #expect(WriteRefusals.delayMs(refusedForMs: 2_000) == 1_000)
        #expect(WriteRefusals.delayMs(refusedForMs: 3_600_000) == WriteRefusals.maxDelayMs)
    }

    @Test func refusals_lastUntilAWriteGoesThrough_orUntilStale() {
        let r = WriteRefusals()
        #expect(r.current(nowNs: 1) == nil)
        #expect(r.refused("OOM a", nowNs: 1_000_000_000))
        #expect(!r.refused("OOM b", nowNs: 2_000_000_000), "the same period of refusals goes on")
        #expect(r.current(nowNs: 3_000_000_000)?.message == "OOM b")
        #expect(r.current(nowNs: 3_000_000_000)?.forNs == 2_000_000_000)
        #expect(r.accepted(nowNs: 4_000_000_000) == 3_000_000_000)
        #expect(r.current(nowNs: 4_000_000_000) == nil)
        #expect(r.accepted(nowNs: 5_000_000_000) == nil)
        r.refused("OOM c", nowNs: 10_000_000_000)
        #expect(r.current(nowNs: 10_000_000_000 + WriteRefusals.staleAfterNs) == nil, "nothing refused lately")
    }

    /// Each lane reads the clock before it takes the lock: a refusal recorded with an earlier time
    /// than the last one (two lanes refused at once) is part of the same period, and nothing
    /// overflows (it did, and stopped a worker at start against a full Redis, in CI).
    @Test func refusals_recordedOutOfOrder_countFromTheLatest_andNeverOverflow() {
        let r = WriteRefusals()
        #expect(r.refused("OOM a", nowNs: 5_000_000_000))
        #expect(!r.refused("OOM b", nowNs: 4_999_000_000), "an earlier clock reading, the same period")
        #expect(r.current(nowNs: 4_000_000_000)?.forNs == 0)
        #expect(r.current(nowNs: 6_000_000_000)?.forNs == 1_000_000_000)
        #expect(r.current(nowNs: 5_000_000_000 + WriteRefusals.staleAfterNs - 1) != nil, "the latest refusal still counts")
        #expect(r.accepted(nowNs: 4_000_000_000) == 0)
    }

    @Test func fullRedis_workerStartsAndWaits_saysWhy_countsIt_andFinishesEveryJobOnceMemoryIsFreed() throws {
        let server = try RedisServer(extraArguments: ["--maxmemory", "16mb", "--maxmemory-policy", "noeviction"])
        let env = QueueTestEnvironment(server: server, prefix: "oom\(UInt16.random(in: 0...UInt16.max))")
        defer { env.stop() }
        let c = try server.connect()
        try env.enqueueCountJobs(300, on: c)
        let fillers = try fill(c)
        #expect(fillers > 0)
        #expect(throws: RedisError.self) { try c.send("SET", "one-more", "x") }

        let port = try RedisServer.freePort()
        var environment = env.environment(env.configuration(concurrency: 2))
        environment["VT_METRICS_PORT"] = String(port)
        let worker = try ChildProcess(executable: builtExecutable("vt-testworker"), environment: environment,
                                      logDirectory: env.directory, name: "oom-worker")
        defer { worker.terminate() }
        let readyz = readyzOnce(port: port, timeout: 20) { $0.0 == 503 && $0.1.contains("OOM") }
        #expect(readyz.0 == 503 && readyz.1.contains("OOM"), "readyz: \(readyz), running: \(worker.isRunning), log begins: \(worker.log.prefix(3_000)) … ends: \(worker.log.suffix(1_500))")
        #expect(readyz.1.contains("Redis refuses writes"))
        let first = metric("vt_redis_oom_total", port: port)
        #expect(first > 0)
        #expect(metric("vt_redis_writes_refused", port: port) == 1)
        // Backing off, not spinning: two lanes at the shortest delay (100 ms) would try 60 times in
        // 3 s; with the delay growing they try a few times.
        usleep(3_000_000)
        let tries = metric("vt_redis_oom_total", port: port) - first
        #expect(tries <= 40, "refused tries in 3 s: \(tries)")
        #expect(worker.isRunning)
        // Nothing was written past maxmemory and nothing was dropped: every job waits in the stream.
        #expect(try env.applied(on: c).isEmpty)
        #expect(try c.send("XLEN", env.keys.queue("test")).int == 300)
        #expect(try c.send("XLEN", env.keys.dead("test")).int == 0)

        for start in stride(from: 0, to: fillers, by: 500) {
            try c.send(RedisCommand("UNLINK", (start..<min(start + 500, fillers)).map { "filler:\($0)" }))
        }
        let freedAt = Date()
        #expect(eventually(timeout: 60) { try env.applied(on: c).count == 300 }, "log: \(worker.log.suffix(1_500))")
        print("full Redis: /readyz \(readyz.0) '\(readyz.1.prefix(80))…'; \(tries) refused tries in 3 s by 2 lanes; "
              + "300 jobs done \(String(format: "%.2f", Date().timeIntervalSince(freedAt))) s after memory was freed")
        #expect(try env.applied(on: c).values.allSatisfy { $0 == 1 })
        let statuses = try c.pipeline((0..<300).map { RedisCommand("HGET", env.keys.result("job-\($0)"), "status") })
        #expect(statuses.allSatisfy { $0.string == "done" })
        #expect(eventually(timeout: 20) { httpGet(port: port, path: "/readyz").0 == 200 })
        #expect(metric("vt_redis_writes_refused", port: port) == 0)
        #expect(worker.log.contains("Redis accepts writes again"))
        #expect(worker.terminate() == 0)
    }

    /// GET /readyz until `holds` says yes or `timeout` s pass; the last answer.
    private func readyzOnce(port: Int, timeout: Double, _ holds: ((Int, String)) -> Bool) -> (Int, String) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let answer = httpGet(port: port, path: "/readyz")
            if holds(answer) || Date() > deadline { return answer }
            usleep(50_000)
        }
    }

    /// Writes 48 strings of 32 KiB (`filler:0…`), then sets maxmemory 256 KiB below the memory
    /// in use: Redis is over its limit by a clear margin, which deleting the fillers undoes.
    /// Returns how many fillers there are.
    private func fill(_ c: RedisConnection) throws -> Int {
        let value = String(repeating: "x", count: 32 * 1_024)
        _ = try c.pipeline((0..<48).map { RedisCommand("SET", "filler:\($0)", value) })
        let info = try c.send("INFO", "memory").string ?? ""
        let used = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("used_memory:") }
            .flatMap { Int($0.dropFirst("used_memory:".count)) } ?? 0
        try c.send("CONFIG", "SET", "maxmemory", used - 256 * 1_024)
        return used > 0 ? 48 : 0
    }

    /// The value of an unlabelled-but-queue sample of `name` on the worker's /metrics (-1 if absent).
    private func metric(_ name: String, port: Int) -> Int {
        let body = httpGet(port: port, path: "/metrics").1
        for line in body.split(separator: "\n") where line.hasPrefix(name + "{") {
            return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
        }
        return -1
    }
}
