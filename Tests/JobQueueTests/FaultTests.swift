import Foundation
import JobQueue
import RedisClient
import TestSupport
import TestWorkerHandlers
import Testing

/// Real worker processes (`vt-testworker`) against a real redis-server, with faults injected:
/// SIGKILL mid-job, Redis restarted mid-run, a job that kills every worker that takes it.
@Suite struct FaultTests {
    func startWorker(_ env: QueueTestEnvironment, _ config: WorkerConfiguration, name: String) throws -> ChildProcess {
        try ChildProcess(executable: builtExecutable("vt-testworker"), environment: env.environment(config),
                         logDirectory: env.directory, name: name)
    }

    @Test func workerKilledWithJobsInFlight_anotherClaimsThem_andEachIsAppliedExactlyOnce() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.enqueueCountJobs(400, payload: ["sleepMs": 5], on: c)
        let config = env.configuration(concurrency: 4)
        let victim = try startWorker(env, config, name: "victim")
        #expect(eventually { try env.applied(on: c).count >= 40 }, "victim log: \(victim.log)")
        let survivor = try startWorker(env, config, name: "survivor")
        #expect(eventually { try env.pendingCount(on: c) > 0 })
        victim.kill(SIGKILL)
        #expect(eventually(timeout: 60) { try env.applied(on: c).count == 400 }, "survivor log: \(survivor.log)")
        #expect(eventually { try env.pendingCount(on: c) == 0 })
        #expect(survivor.terminate() == 0)
        #expect(survivor.log.contains("re-queued jobs of a dead worker"))
        let applied = try env.applied(on: c)
        #expect(applied.count == 400)
        #expect(applied.filter { $0.value != 1 }.isEmpty, "applied more than once: \(applied.filter { $0.value != 1 })")
        let done = try c.pipeline((0..<400).map { RedisCommand("HGET", env.keys.result("job-\($0)"), "status") })
        #expect(done.allSatisfy { $0.string == "done" })
    }

    @Test func redisRestartedMidRun_workersReconnect_andNothingIsLost() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        var c = try env.server.connect()
        try env.enqueueCountJobs(600, payload: ["sleepMs": 2], on: c)
        let config = env.configuration(concurrency: 4)
        let a = try startWorker(env, config, name: "a")
        let b = try startWorker(env, config, name: "b")
        #expect(eventually { try env.applied(on: c).count >= 60 })
        try env.server.restart()
        c = try env.server.connect()
        #expect(eventually { try env.applied(on: c).count >= 1 })
        try env.server.restart()
        c = try env.server.connect()
        #expect(eventually(timeout: 60) { try env.applied(on: c).count == 600 }, "a: \(a.log.suffix(2_000))")
        #expect(eventually { try env.pendingCount(on: c) == 0 })
        #expect(a.terminate() == 0)
        #expect(b.terminate() == 0)
        let applied = try env.applied(on: c)
        #expect(applied.count == 600)
        #expect(applied.values.allSatisfy { $0 == 1 })
        #expect(a.log.contains("Redis connection re-established") || b.log.contains("Redis connection re-established"))
    }

    @Test func fetchReplyLostWithTheConnection_theLaneRecoversItsDeliveredEntries() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        var config = env.configuration(concurrency: 1)
        config.deadAfterMs = 60_000
        let worker = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try worker.start()
        // Wait until the lane itself is connected and blocked in its fetch.
        #expect(eventually { (try c.send("CLIENT", "LIST").string ?? "").split(separator: "\n").contains { $0.contains("name=\(worker.consumer):lane0 ") && $0.contains("cmd=xreadgroup") } })
        // Deliver a job to the live lane's consumer in the same transaction that enqueues it, so
        // the lane itself never sees the reply: exactly what a connection lost mid-fetch leaves.
        let lane = "\(worker.consumer)/0"
        _ = try c.pipeline([
            RedisCommand("MULTI"),
            env.producer.enqueueCommand(env.countJob("orphan"), queue: "test"),
            RedisCommand("XREADGROUP", "GROUP", env.keys.group("test"), lane, "COUNT", 1, "STREAMS", env.keys.queue("test"), ">"),
            RedisCommand("EXEC"),
        ])
        #expect(try env.pendingCount(on: c) == 1)
        try c.send("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
        let result = try env.producer.waitForResult(of: "orphan", timeoutMs: 10_000, on: c)
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["status"] == "done")
        #expect(try env.applied(on: c)["orphan"] == 1)
        #expect(worker.metrics.value("reclaimed") == 0)
        #expect(try env.pendingCount(on: c) == 0)
    }

    @Test func poisonJob_thatKillsEveryWorker_isDeadLetteredAfterMaxDeliveries() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.producer.enqueue(env.countJob("poison", payload: ["crash": true]), queue: "test", on: c)
        var config = env.configuration(concurrency: 1)
        config.maxDeliveries = 2
        var crashed = 0
        for round in 0..<6 {
            let w = try startWorker(env, config, name: "w\(round)")
            _ = eventually(timeout: 15) { try !w.isRunning || !env.producer.result(of: "poison", on: c).isEmpty }
            if !w.isRunning { crashed += 1 }
            w.terminate()
            if !(try env.producer.result(of: "poison", on: c)).isEmpty { break }
        }
        let result = try env.producer.result(of: "poison", on: c)
        #expect(crashed == 2)
        #expect(result["status"] == "dead")
        #expect(result["outcome"] == "delivery_limit")
        #expect(try c.send("XLEN", env.keys.dead("test")).int == 1)
        // One re-queue after the first crash, then the dead letter after the second.
        let history = try QueueInspector(keys: env.keys, connection: c).history(jobId: "poison")
        #expect(history.map { $0["event"]?.stringValue } == ["requeued", "dead_lettered"])
        #expect(history.first?["deliveries"]?.doubleValue == 1)
        #expect(history.last?["reason"]?.stringValue == "delivery_limit")
        #expect(try env.pendingCount(on: c) == 0)
    }

    @Test func sigterm_drainsAndExitsZero_andLeavesNoPendingJob() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.enqueueCountJobs(40, payload: ["sleepMs": 50], on: c)
        var config = env.configuration(concurrency: 2)
        config.fetchCount = 20
        let w = try startWorker(env, config, name: "drain")
        #expect(eventually { try env.applied(on: c).count >= 2 })
        #expect(w.terminate() == 0)
        #expect(try env.pendingCount(on: c) == 0)
        let applied = try env.applied(on: c).count
        #expect(try c.send("XLEN", env.keys.queue("test")).int == 40 - applied)
        #expect(w.log.contains("handed unstarted jobs back"))
    }
}
