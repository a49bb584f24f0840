import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing

/// `JobOutcome.step`: a job's first commit applied alone, without a result, then the job handled
/// again on fresh reads; against a real redis-server.
@Suite struct StepTests {
    /// `test.count` jobs that first open `{p}:gate:{key}` (a step guarded by the gate's absence),
    /// then count the key in `{p}:counted` once the gate reads open (guarded by it).
    static func gated() -> QueueSpec {
        QueueSpec(name: "test", handlers: ["test.count": ClosureHandler { job, context in
            let key = job.payload["key"]?.stringValue ?? "?"
            let p = context.keys.prefix
            if job.payload["loop"] == .bool(true) {
                return .step("steps forever", effects: [RedisCommand("INCR", "\(p):loops")], guards: [])
            }
            let gate = try context.read(RedisCommand("HGET", "\(p):gate", key)).string
            guard let gate else {
                return .step("gate opened", effects: [RedisCommand("HSET", "\(p):gate", key, job.id), RedisCommand("INCR", "\(p):opened:\(key)")],
                             guards: [Guard(key: "\(p):gate", field: key, expected: "")])
            }
            return .done("counted", "counted \(key) after \(gate) opened it", effects: [RedisCommand("HINCRBY", "\(p):counted", key, 1)],
                         guards: [Guard(key: "\(p):gate", field: key, expected: gate)], fields: [("openedBy", gate)])
        }])
    }

    @Test func step_isAppliedWithoutAResult_thenTheJobRunsAgainOnFreshReads_andTheStepStaysApplied() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let worker = try Worker(configuration: env.configuration(concurrency: 2), spec: Self.gated(), logSink: .memory())
        try worker.start()
        defer { worker.stop(); worker.waitUntilStopped() }
        try env.producer.enqueue(env.countJob("job-1", payload: ["key": "k1"]), queue: "test", on: c)
        let result = try env.producer.waitForResult(of: "job-1", timeoutMs: 10_000, on: c)
        #expect(result["status"] == "done" && result["outcome"] == "counted" && result["openedBy"] == "job-1")
        #expect(try c.send("HGET", "\(env.prefix):counted", "k1").string == "1")
        #expect(try c.send("GET", "\(env.prefix):opened:k1").string == "1")
        #expect(worker.metrics.value("steps") == 1)
        #expect(eventually { try env.pendingCount(on: c) == 0 })
    }

    @Test func manyJobsOfOneKey_onTwoWorkers_stepOnce_andEachCountsOnce() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        for n in 0..<40 { try env.producer.enqueue(env.countJob("job-\(n)", payload: ["key": "k"]), queue: "test", on: c) }
        let a = try Worker(configuration: env.configuration(concurrency: 4), spec: Self.gated(), logSink: .memory())
        let b = try Worker(configuration: env.configuration(concurrency: 4), spec: Self.gated(), logSink: .memory())
        try a.start()
        try b.start()
        defer { a.stop(); b.stop(); a.waitUntilStopped(); b.waitUntilStopped() }
        let results = try (0..<40).map { try env.producer.waitForResult(of: "job-\($0)", timeoutMs: 20_000, on: c) }
        #expect(results.allSatisfy { $0["outcome"] == "counted" })
        #expect(Set(results.compactMap { $0["openedBy"] }).count == 1, "the step applied once: every job saw the same opener")
        #expect(try c.send("GET", "\(env.prefix):opened:k").string == "1")
        #expect(try c.send("HGET", "\(env.prefix):counted", "k").string == "40")
    }

    @Test func aHandlerThatKeepsStepping_failsTheAttempt_insteadOfLooping() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        var config = env.configuration(concurrency: 1)
        config.maxAttempts = 1
        let worker = try Worker(configuration: config, spec: Self.gated(), logSink: .memory())
        try worker.start()
        defer { worker.stop(); worker.waitUntilStopped() }
        try env.producer.enqueue(env.countJob("job-loop", payload: ["loop": true]), queue: "test", on: c)
        let result = try env.producer.waitForResult(of: "job-loop", timeoutMs: 10_000, on: c)
        #expect(result["status"] == "dead" && result["message"]?.contains("kept returning steps") == true, "\(result)")
        let loops = try c.send("GET", "\(env.prefix):loops").string
        #expect(loops == "5", "the first run and four more steps: \(loops ?? "none")")
    }
}
