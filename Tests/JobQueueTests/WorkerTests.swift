import Synchronization
import Foundation
import JobQueue
import RedisClient
import TestSupport
import TestWorkerHandlers
import Testing

/// The runtime against a real redis-server, with workers in this process.
@Suite struct WorkerTests {
    @Test func worker_appliesEveryJobOnce_writesResults_andLeavesNothingPending() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.enqueueCountJobs(300, on: c)
        let worker = try Worker(configuration: env.configuration(), spec: TestHandlers.testQueue)
        try worker.start()
        #expect(eventually { try env.applied(on: c).count == 300 })
        worker.stop()
        worker.waitUntilStopped()
        let applied = try env.applied(on: c)
        #expect(applied.values.allSatisfy { $0 == 1 })
        let result = try env.producer.result(of: "job-7", on: c)
        #expect(result["status"] == "done")
        #expect(result["outcome"] == "applied")
        #expect(result["attempts"] == "1")
        #expect(result["traceId"] == "trace-job-7")
        #expect(result["worker"] == worker.consumer)
        #expect(try c.send("TTL", env.keys.result("job-7")).int ?? 0 > 600_000)
        #expect(try env.pendingCount(on: c) == 0)
        #expect(try c.send("XLEN", env.keys.queue("test")).int == 0)
        #expect(try c.send("HGET", env.keys.stats("test"), "processed").int == 300)
    }

    @Test func sameJobIdTwice_isAppliedOnce_andTheFirstResultStays() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.producer.enqueue(env.countJob("twice"), queue: "test", on: c)
        try env.producer.enqueue(env.countJob("twice"), queue: "test", on: c)
        let worker = try Worker(configuration: env.configuration(concurrency: 2), spec: TestHandlers.testQueue)
        try worker.start()
        #expect(eventually { worker.metrics.value("processed") + worker.metrics.value("duplicates") == 2 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(try env.applied(on: c)["twice"] == 1)
        #expect(worker.metrics.value("duplicates") == 1)
        #expect(try env.pendingCount(on: c) == 0)
    }

    @Test func transientFailure_isRetriedWithBackoff_untilItSucceeds() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.producer.enqueue(env.countJob("flaky", payload: ["failUntilAttempt": 3]), queue: "test", on: c)
        let worker = try Worker(configuration: env.configuration(), spec: TestHandlers.testQueue)
        try worker.start()
        let result = try env.producer.waitForResult(of: "flaky", timeoutMs: 10_000, on: c)
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["status"] == "done")
        #expect(result["attempts"] == "3")
        #expect(worker.metrics.value("retried") == 2)
        #expect(try env.applied(on: c)["flaky"] == 1)
        #expect(try c.send("ZCARD", env.keys.retry("test")).int == 0)
        // Both failed attempts are in the job's history, with their errors and due times.
        let history = try QueueInspector(keys: env.keys, connection: c).history(jobId: "flaky")
        #expect(history.map { $0["event"]?.stringValue } == ["retry_scheduled", "retry_scheduled"])
        #expect(history.map { $0["attempt"]?.doubleValue } == [1, 2])
        #expect(history.allSatisfy { $0["dueAt"]?.stringValue != nil && $0["error"]?.stringValue?.isEmpty == false })
        #expect((try c.send("TTL", env.keys.history("flaky")).int ?? 0) > 0)
    }

    @Test func retriesExhausted_endsDead_inTheDeadLetterStream() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.producer.enqueue(env.countJob("hopeless", payload: ["failUntilAttempt": 99]), queue: "test", on: c)
        var config = env.configuration()
        config.maxAttempts = 3
        let worker = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try worker.start()
        let result = try env.producer.waitForResult(of: "hopeless", timeoutMs: 10_000, on: c)
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["status"] == "dead")
        #expect(result["outcome"] == "retries_exhausted")
        #expect(result["attempts"] == "3")
        #expect(result["message"]?.contains("simulated failure on attempt 3") == true)
        let dead = try c.send("XRANGE", env.keys.dead("test"), "-", "+").array ?? []
        #expect(dead.count == 1)
        let fields = dead.first?.array?.last?.fieldMap ?? [:]
        #expect(fields["jobId"] == "hopeless")
        #expect(fields["reason"] == "retries_exhausted")
        #expect(fields["job"]?.contains("failUntilAttempt") == true)
        #expect(try env.applied(on: c)["hopeless"] == nil)
    }

    @Test func malformedJobs_areDeadLetteredAtOnce_withAReasonEach() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let ok = #""createdAt":"2026-11-29T00:00:00Z","payload":{}"#
        let cases: [(String, String?, String)] = [
            ("{broken", nil, "envelope.invalid_json"),
            ("42", nil, "envelope.not_object"),
            (#"{"id":"no-type","version":1,\#(ok)}"#, "no-type", "field.required"),
            (#"{"id":"bad id!","type":"test.count","version":1,\#(ok)}"#, nil, "field.format"),
            (#"{"id":"v2","type":"test.count","version":2,\#(ok)}"#, "v2", "field.enum"),
            (#"{"id":"unknown","type":"nobody.knows","version":1,\#(ok)}"#, "unknown", "envelope.unknown_type"),
            (#"{"id":"elsewhere","type":"certification.submitted","version":1,\#(ok)}"#, "elsewhere", "envelope.wrong_queue"),
            (#"{"id":"big","type":"test.count","version":1,"createdAt":"2026-11-29T00:00:00Z","payload":{"x":"\#(String(repeating: "x", count: 5_000))"}}"#, nil, "envelope.too_large"),
        ]
        for (raw, _, _) in cases { try c.send(env.producer.enqueueRawCommand(Array(raw.utf8), queue: "test")) }
        try c.send("XADD", env.keys.queue("test"), "*", "notjob", "x")
        var config = env.configuration()
        config.maxEnvelopeBytes = 4_096
        let worker = try Worker(configuration: config, spec: TestHandlers.testQueue,
                                directory: MessageDirectory(["certification.submitted": "certification"]))
        try worker.start()
        #expect(eventually { try c.send("XLEN", env.keys.dead("test")).int == cases.count + 1 })
        worker.stop()
        worker.waitUntilStopped()
        let dead = (try c.send("XRANGE", env.keys.dead("test"), "-", "+").array ?? []).map { $0.array?.last?.fieldMap ?? [:] }
        let reasons = dead.compactMap { $0["errors"] }.joined()
        for (_, jobId, code) in cases {
            #expect(reasons.contains(code), "\(code) missing from dead letters")
            if let jobId {
                let r = try env.producer.result(of: jobId, on: c)
                #expect(r["status"] == "dead", "\(jobId)")
                #expect(r["errors"]?.contains(code) == true, "\(jobId)")
            }
        }
        #expect(dead.contains { $0["errors"]?.contains("envelope.missing") == true })
        #expect(try env.pendingCount(on: c) == 0)
        #expect(try env.applied(on: c).isEmpty)
    }

    /// Runtime fields a producer wrote into the entry (`attempts`, `deliveries` at Int64's ends) are
    /// clamped: each job runs once and nothing overflows (`attempts` = Int.max trapped in `+ 1`).
    @Test func hostileRuntimeFieldsInTheEntry_areClamped() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let fields = [("attempts", "9223372036854775807"), ("deliveries", "9223372036854775807"), ("attempts", "-9223372036854775808")]
        for (i, (field, value)) in fields.enumerated() {
            try c.send(RedisCommand("XADD", env.keys.queue("test"), "*", "job", env.countJob("clamp-\(i)").jsonString, field, value))
        }
        let worker = try Worker(configuration: env.configuration(), spec: TestHandlers.testQueue)
        try worker.start()
        #expect(eventually { try env.applied(on: c).count == fields.count })
        worker.stop()
        worker.waitUntilStopped()
        #expect(try env.applied(on: c) == ["clamp-0": 1, "clamp-1": 1, "clamp-2": 1])
        #expect(try env.pendingCount(on: c) == 0)
    }

    @Test func gracefulStop_finishesTheCurrentJob_andHandsBackTheRest() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.enqueueCountJobs(10, payload: ["sleepMs": 150], on: c)
        var config = env.configuration(concurrency: 1)
        config.fetchCount = 10
        let first = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try first.start()
        #expect(eventually { try env.applied(on: c).count >= 1 })
        first.stop()
        #expect(first.waitUntilStopped())
        let doneByFirst = try env.applied(on: c).count
        #expect(doneByFirst < 10)
        #expect(try env.pendingCount(on: c) == 0)
        #expect(try c.send("XLEN", env.keys.queue("test")).int == 10 - doneByFirst)
        #expect(try c.send("ZCARD", env.keys.heartbeats("test")).int == 0)
        let second = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try second.start()
        #expect(eventually { try env.applied(on: c).count == 10 })
        second.stop()
        second.waitUntilStopped()
        #expect(try env.applied(on: c).values.allSatisfy { $0 == 1 })
    }

    @Test func guardedCommits_underContention_loseNoUpdate() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let stateKey = "\(env.prefix):race:state"
        // Read-modify-write of one counter by many lanes in two workers: only guards keep it exact.
        let increment = ClosureHandler { _, context in
            let current = try context.read(RedisCommand("HGET", stateKey, "v")).string ?? ""
            let next = (Int(current) ?? 0) + 1
            return .done("incremented", "ok", effects: [RedisCommand("HSET", stateKey, "v", next)],
                         guards: [Guard(key: stateKey, field: "v", expected: current)])
        }
        let spec = QueueSpec(name: "test", handlers: ["test.count": increment])
        try env.enqueueCountJobs(200, on: c)
        let a = try Worker(configuration: env.configuration(concurrency: 6), spec: spec)
        let b = try Worker(configuration: env.configuration(concurrency: 6), spec: spec)
        try a.start()
        try b.start()
        #expect(eventually { a.metrics.value("processed") + b.metrics.value("processed") == 200 })
        a.stop(); b.stop()
        a.waitUntilStopped(); b.waitUntilStopped()
        #expect(try c.send("HGET", stateKey, "v").int == 200)
        #expect(a.metrics.value("conflicts") + b.metrics.value("conflicts") > 0)
    }

    @Test func existenceGuard_whenKeyIsGone_rerunsTheHandler_andNothingIsWrittenMeanwhile() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let scratch = "\(env.prefix):scratch"
        let target = "\(env.prefix):moved"
        let runs = Mutex(0)
        // The first run stages nothing, so its RENAME must not be reached; the second stages the key.
        let handler = ClosureHandler { _, context in
            if runs.withLock({ $0 += 1; return $0 }) > 1 { try context.writeScratch([RedisCommand("SADD", scratch, "a", "b"), RedisCommand("EXPIRE", scratch, "60")]) }
            return .done("moved", "ok", effects: [RedisCommand("RENAME", scratch, target), RedisCommand("PERSIST", target)],
                         guards: [.exists(scratch)])
        }
        try env.enqueueCountJobs(1, on: c)
        let worker = try Worker(configuration: env.configuration(concurrency: 1), spec: QueueSpec(name: "test", handlers: ["test.count": handler]))
        try worker.start()
        let result = try env.producer.waitForResult(of: "job-0", timeoutMs: 10_000, on: c)
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["status"] == "done" && result["outcome"] == "moved")
        #expect(runs.withLock { $0 } == 2 && worker.metrics.value("conflicts") == 1)
        #expect(try c.send("SCARD", target).int == 2 && c.send("TTL", target).int == -1 && c.send("EXISTS", scratch).int == 0)
    }

    @Test func effectRefusedByRedis_failsOnlyThatJob_retriesThenDeadLetters() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let stringKey = "\(env.prefix):a-string"
        try c.send("SET", stringKey, "x")
        // Jobs whose id ends in -13 write a hash field into a string key: Redis refuses (WRONGTYPE).
        let handler = ClosureHandler { job, context in
            let target = job.id.hasSuffix("-13") ? stringKey : "\(context.keys.prefix):test:applied"
            return .done("applied", "ok", effects: [RedisCommand("HINCRBY", target, job.id, 1)])
        }
        try env.enqueueCountJobs(30, on: c)
        var config = env.configuration(concurrency: 1)
        config.maxAttempts = 2
        let worker = try Worker(configuration: config, spec: QueueSpec(name: "test", handlers: ["test.count": handler]))
        try worker.start()
        let result = try env.producer.waitForResult(of: "job-13", timeoutMs: 10_000, on: c)
        #expect(eventually { try env.applied(on: c).count == 29 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["status"] == "dead")
        #expect(result["message"]?.contains("WRONGTYPE") == true)
        #expect(try env.applied(on: c).values.allSatisfy { $0 == 1 })
        #expect(try env.pendingCount(on: c) == 0)
    }

    @Test func slowButLiveWorker_keepsItsJob_noOneClaimsIt() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        var config = env.configuration(concurrency: 1)
        config.fetchCount = 1
        let slow = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try slow.start()
        // The job takes three times the dead-after interval; the heartbeat goes on meanwhile.
        try env.producer.enqueue(env.countJob("slow", payload: ["sleepMs": 2_400]), queue: "test", on: c)
        #expect(eventually { try env.pendingCount(on: c) == 1 })
        let other = try Worker(configuration: env.configuration(), spec: TestHandlers.testQueue)
        try other.start()
        let result = try env.producer.waitForResult(of: "slow", timeoutMs: 15_000, on: c)
        slow.stop(); other.stop()
        slow.waitUntilStopped(); other.waitUntilStopped()
        #expect(result["worker"] == slow.consumer)
        #expect(other.metrics.value("reclaimed") == 0)
        #expect(try env.applied(on: c)["slow"] == 1)
    }

    @Test func periodicTask_runsOncePerTick_acrossWorkers() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let ticksKey = "\(env.prefix):ticks"
        let task = PeriodicTask(name: "count-ticks", intervalMs: 100) { connection, now in
            try connection.send("HINCRBY", ticksKey, String(now / 100), 1)
        }
        let workers = try (0..<3).map { _ in try Worker(configuration: env.configuration(concurrency: 1), spec: TestHandlers.testQueue, periodic: [task]) }
        for w in workers { try w.start() }
        #expect(eventually { (try c.send("HLEN", ticksKey).int ?? 0) >= 8 })
        for w in workers { w.stop() }
        for w in workers { w.waitUntilStopped() }
        let ticks = try c.send("HGETALL", ticksKey).fieldMap
        #expect(ticks.values.allSatisfy { $0 == "1" }, "a tick ran twice: \(ticks)")
    }
}

@Suite struct HealthServerTests {
    func get(_ port: Int, _ path: String) -> (Int, String) { httpGet(port: port, path: path) }

    @Test func metricsAndHealth_areServedOnTheMetricsPort() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        var config = env.configuration()
        config.metricsPort = try RedisServer.freePort()
        let worker = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try worker.start()
        try env.enqueueCountJobs(25, on: c)
        try env.producer.enqueue(env.countJob("again"), queue: "test", on: c)
        try c.send(env.producer.enqueueRawCommand(Array("{junk".utf8), queue: "test"))
        #expect(eventually { worker.metrics.value("processed") == 26 && worker.metrics.value("dead") == 1 })
        #expect(get(config.metricsPort, "/healthz") == (200, "ok\n"))
        #expect(get(config.metricsPort, "/readyz") == (200, "ready\n"))
        let (status, body) = get(config.metricsPort, "/metrics")
        #expect(status == 200)
        #expect(body.contains(#"vt_jobs_processed_total{queue="test"} 26"#))
        #expect(body.contains(#"vt_jobs_dead_total{queue="test"} 1"#))
        #expect(body.contains(#"vt_jobs_total{queue="test",type="test.count",result="done"} 26"#))
        #expect(body.contains(#"vt_job_duration_seconds_count{queue="test"} 27"#))
        #expect(body.contains(#"vt_queue_dead{queue="test"} 1.0"#))
        #expect(body.contains("# TYPE vt_job_duration_seconds histogram"))
        worker.stop()
        worker.waitUntilStopped()
        #expect(get(config.metricsPort, "/healthz").0 == 0)
    }

    /// `vt_worker_up` is what the alert rules read for readiness: it answers as `/readyz` does.
    @Test func workerUp_followsReadiness_whenRedisStopsAndReturns() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        var config = env.configuration()
        config.metricsPort = try RedisServer.freePort()
        let worker = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try worker.start()
        let up = #"vt_worker_up{queue="test"} 1.0"#, down = #"vt_worker_up{queue="test"} 0.0"#
        #expect(eventually { get(config.metricsPort, "/metrics").1.contains(up) })
        env.server.stopProcess()
        #expect(get(config.metricsPort, "/readyz").0 == 503)
        #expect(get(config.metricsPort, "/metrics").1.contains(down))
        try env.server.start()
        #expect(eventually { get(config.metricsPort, "/readyz").0 == 200 && get(config.metricsPort, "/metrics").1.contains(up) })
        worker.stop()
        worker.waitUntilStopped()
    }
}
