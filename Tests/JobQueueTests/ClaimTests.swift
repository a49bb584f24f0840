import Foundation
import JobQueue
import RedisClient
import Synchronization
import TestSupport
import Testing

/// `Claim`: a business key counted once whatever job id carries it, checked inside the commit
/// script (batched or alone), against a real redis-server.
@Suite struct ClaimTests {
    /// `test.count` jobs whose payload `key` is claimed in `{p}:claims`; the effect counts the key
    /// in `{p}:counted`. With `guarded`, the commit also carries a guard that always holds.
    static func claiming(guarded: Bool) -> QueueSpec {
        QueueSpec(name: "test", handlers: ["test.count": ClosureHandler { job, context in
            let key = job.payload["key"]?.stringValue ?? "?"
            let p = context.keys.prefix
            let guards = guarded ? [Guard(key: "\(p):gate", field: "open", expected: "")] : []
            return .done("counted", "counted \(key)", effects: [RedisCommand("HINCRBY", "\(p):counted", key, 1)], guards: guards,
                         fields: [("entity", key)],
                         claim: Claim(key: "\(p):claims", field: key, value: job.id, takenOutcome: "already_counted",
                                      takenMessage: "\(key) was counted by another job"))
        }])
    }

    /// Enqueues `jobs` jobs `job-0…` whose keys cycle through `keys` distinct values, in a shuffled order.
    func enqueue(_ env: QueueTestEnvironment, jobs: Int, keys: Int, on c: RedisConnection) throws {
        let commands = (0..<jobs).shuffled().map { i in
            env.producer.enqueueCommand(env.countJob("job-\(i)", payload: ["key": .string("k\(i % keys)")]), queue: "test")
        }
        for chunk in stride(from: 0, to: commands.count, by: 1_000) { _ = try c.pipeline(Array(commands[chunk..<min(chunk + 1_000, commands.count)])) }
    }

    func outcomes(_ env: QueueTestEnvironment, jobs: Int, on c: RedisConnection) throws -> [String: Int] {
        let replies = try c.pipeline((0..<jobs).map { RedisCommand("HGET", env.keys.result("job-\($0)"), "outcome") })
        return Dictionary(grouping: replies.map { $0.string ?? "none" }, by: { $0 }).mapValues(\.count)
    }

    @Test func batchedCommits_countEachKeyOnce_acrossJobIds_andTwoWorkers() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try enqueue(env, jobs: 2_000, keys: 200, on: c)
        let a = try Worker(configuration: env.configuration(concurrency: 4), spec: Self.claiming(guarded: false))
        let b = try Worker(configuration: env.configuration(concurrency: 4), spec: Self.claiming(guarded: false))
        try a.start()
        try b.start()
        #expect(eventually { try env.pendingCount(on: c) == 0 && c.send("XLEN", env.keys.queue("test")).int == 0 })
        a.stop(); b.stop()
        a.waitUntilStopped(); b.waitUntilStopped()
        let counted = try c.send("HGETALL", "\(env.prefix):counted").fieldMap
        #expect(counted.count == 200 && counted.values.allSatisfy { $0 == "1" }, "\(counted.filter { $0.value != "1" })")
        #expect(try c.send("HLEN", "\(env.prefix):claims").int == 200)
        #expect(try outcomes(env, jobs: 2_000, on: c) == ["counted": 200, "already_counted": 1_800])
        #expect(a.metrics.value("claims_taken") + b.metrics.value("claims_taken") == 1_800)
        #expect(a.metrics.value("processed") + b.metrics.value("processed") == 2_000)
        // The claim holds the job that won it, and that job's result is the counted one.
        let winner = try #require(c.send("HGET", "\(env.prefix):claims", "k7").string)
        #expect(try c.send("HGET", env.keys.result(winner), "outcome").string == "counted")
        let loser = try env.producer.result(of: winner == "job-7" ? "job-207" : "job-7", on: c)
        #expect(loser["status"] == "done" && loser["outcome"] == "already_counted" && loser["entity"] == "k7"
                && loser["message"] == "k7 was counted by another job")
    }

    @Test func guardedSingleCommits_checkTheClaimToo() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try enqueue(env, jobs: 60, keys: 6, on: c)
        let worker = try Worker(configuration: env.configuration(concurrency: 3), spec: Self.claiming(guarded: true))
        try worker.start()
        #expect(eventually { try env.pendingCount(on: c) == 0 && c.send("XLEN", env.keys.queue("test")).int == 0 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(try c.send("HGETALL", "\(env.prefix):counted").fieldMap == ["k0": "1", "k1": "1", "k2": "1", "k3": "1", "k4": "1", "k5": "1"])
        #expect(try outcomes(env, jobs: 60, on: c) == ["counted": 6, "already_counted": 54])
    }

    @Test func sameJobIdDeliveredAgain_afterItsClaim_changesNothing_andKeepsItsResult() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let job = env.countJob("again", payload: ["key": "k1"])
        try env.producer.enqueue(job, queue: "test", on: c)
        try env.producer.enqueue(job, queue: "test", on: c)
        try env.producer.enqueue(env.countJob("other", payload: ["key": "k1"]), queue: "test", on: c)
        let worker = try Worker(configuration: env.configuration(concurrency: 1), spec: Self.claiming(guarded: false))
        try worker.start()
        #expect(eventually { worker.metrics.value("processed") + worker.metrics.value("duplicates") == 3 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(try c.send("HGET", "\(env.prefix):counted", "k1").int == 1)
        #expect(try env.producer.result(of: "again", on: c)["outcome"] == "counted")
        #expect(try env.producer.result(of: "other", on: c)["outcome"] == "already_counted")
        #expect(worker.metrics.value("duplicates") == 1)
    }

    @Test func effectRefusedByRedis_leavesTheClaimUntaken() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try c.send("SET", "\(env.prefix):counted", "not a hash")
        try env.producer.enqueue(env.countJob("refused", payload: ["key": "k9"]), queue: "test", on: c)
        var config = env.configuration(concurrency: 1)
        config.maxAttempts = 1
        let worker = try Worker(configuration: config, spec: Self.claiming(guarded: false))
        try worker.start()
        let result = try env.producer.waitForResult(of: "refused", timeoutMs: 10_000, on: c)
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["status"] == "dead" && result["message"]?.contains("WRONGTYPE") == true)
        #expect(try c.send("HEXISTS", "\(env.prefix):claims", "k9").int == 0, "a claim without its effect would lose the record")
    }
}
