import Foundation
import JobQueue
import RedisClient
import Synchronization
import TestSupport
import Testing

/// `PrefetchingHandler`: the reads of a fetched batch in one round trip, guarded commits batched,
/// and a lost guard race handled again on fresh reads; against a real redis-server.
@Suite struct PrefetchTests {
    /// Reads `GET {p}:limit` (the same command for every job) and the job's own `HGET {p}:seen
    /// {key}`; counts the key in `{p}:counted` if the limit is "on", guarded on `{p}:gate`'s
    /// `version` as read. `onPrefetched` runs for each job handled with prefetched replies.
    struct Counting: PrefetchingHandler {
        let onPrefetched: @Sendable (Job) -> Void
        let onFresh: @Sendable (Job) -> Void

        static func reads(_ keys: QueueKeys) -> [RedisCommand] {
            [RedisCommand("GET", "\(keys.prefix):limit"), RedisCommand("HGET", "\(keys.prefix):gate", "version")]
        }

        func plan(_ job: Job, keys: QueueKeys) -> PrefetchPlan { PrefetchPlan(reads: Self.reads(keys), note: job.id) }

        func handle(_ job: Job, plan: PrefetchPlan, replies: [RedisReply], context: JobContext) throws -> JobOutcome {
            #expect(plan.note as? String == job.id, "the plan comes back with its job")
            onPrefetched(job)
            return outcome(job, replies, context)
        }

        func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
            onFresh(job)
            return outcome(job, try context.read(Self.reads(context.keys)), context)
        }

        func outcome(_ job: Job, _ replies: [RedisReply], _ context: JobContext) -> JobOutcome {
            let p = context.keys.prefix
            let version = replies[1].string ?? ""
            guard replies[0].string == "on" else { return .rejected("off", "the limit is off") }
            return .done("counted", "v\(version)", effects: [RedisCommand("HINCRBY", "\(p):counted", job.payload["key"]?.stringValue ?? "?", 1)],
                         guards: [Guard(key: "\(p):gate", field: "version", expected: version)])
        }
    }

    func commandCalls(_ name: String, on c: RedisConnection) throws -> Int {
        let info = try c.send("INFO", "commandstats").string ?? ""
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_\(name):") }),
              let calls = line.split(separator: "=").dropFirst().first?.split(separator: ",").first else { return 0 }
        return Int(calls) ?? 0
    }

    @Test func aBatchReadsOnce_andCommitsInOneScript_evenWithGuards() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try c.send("SET", "\(env.prefix):limit", "on")
        try c.send("HSET", "\(env.prefix):gate", "version", "3")
        try env.enqueueCountJobs(2_000, payload: ["key": "k"], on: c)
        try c.send("CONFIG", "RESETSTAT")
        let fresh = Atomic<Int>(0)
        let spec = QueueSpec(name: "test", handlers: ["test.count": Counting(onPrefetched: { _ in }, onFresh: { _ in fresh.add(1, ordering: .relaxed) })])
        var config = env.configuration(concurrency: 1)
        config.fetchCount = 256
        let worker = try Worker(configuration: config, spec: spec)
        try worker.start()
        #expect(eventually { try c.send("HGET", "\(env.prefix):counted", "k").int == 2_000 })
        worker.stop()
        worker.waitUntilStopped()
        let scripts = try commandCalls("evalsha", on: c)
        let gets = try commandCalls("get", on: c)
        // 2,000 jobs, at most 256 a fetch: a handful of fetches, each one read and a few commit scripts.
        #expect(gets < 100, "GET sent \(gets) times for 2,000 jobs: the batch's reads are not shared")
        #expect(scripts < 200, "\(scripts) scripts for 2,000 guarded jobs: the commits are not batched")
        #expect(fresh.load(ordering: .relaxed) == 0)
        #expect(worker.metrics.value("processed") == 2_000 && worker.metrics.value("conflicts") == 0)
        #expect(try env.producer.result(of: "job-1999", on: c)["message"] == "v3")
    }

    @Test func aLostGuardRace_isHandledAgainOnFreshReads_andAppliedOnce() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        let side = try env.server.connect()
        try c.send("SET", "\(env.prefix):limit", "on")
        try c.send("HSET", "\(env.prefix):gate", "version", "1")
        try env.enqueueCountJobs(50, payload: ["key": "k"], on: c)
        let fresh = Atomic<Int>(0)
        let moved = Atomic<Bool>(false)
        let prefix = env.prefix
        // While the 26th job is handled from the batch's snapshot, someone else moves the gate on:
        // every commit of the snapshot from there on fails its guard and is handled again.
        let spec = QueueSpec(name: "test", handlers: ["test.count": Counting(onPrefetched: { job in
            if job.id == "job-25", !moved.exchange(true, ordering: .relaxed) {
                _ = try? side.send("HSET", "\(prefix):gate", "version", "2")
            }
        }, onFresh: { _ in fresh.add(1, ordering: .relaxed) })])
        var config = env.configuration(concurrency: 1)
        config.fetchCount = 256
        let worker = try Worker(configuration: config, spec: spec)
        try worker.start()
        #expect(eventually { try env.pendingCount(on: c) == 0 && c.send("XLEN", env.keys.queue("test")).int == 0 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(try c.send("HGET", "\(env.prefix):counted", "k").int == 50)
        let messages = try c.pipeline((0..<50).map { RedisCommand("HGET", env.keys.result("job-\($0)"), "message") }).map { $0.string ?? "" }
        #expect(Set(messages) == ["v1", "v2"])
        let reruns = fresh.load(ordering: .relaxed)
        #expect(reruns > 0 && worker.metrics.value("conflicts") == reruns)
        #expect(messages.filter { $0 == "v2" }.count == reruns)
    }

    @Test func aRefusalFromTheSnapshot_isBatched_andJobsOfOtherHandlersStillReadFresh() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try env.enqueueCountJobs(20, payload: ["key": "k"], on: c)
        let plainReads = Atomic<Int>(0)
        let plain = ClosureHandler { job, context in
            _ = try context.read(RedisCommand("GET", "\(context.keys.prefix):limit"))
            plainReads.add(1, ordering: .relaxed)
            return .done("plain", job.id)
        }
        try env.producer.enqueue(JobEnvelope(id: "plain-1", type: "test.plain", createdAt: "2026-11-29T08:00:00Z", payload: [:]), queue: "test", on: c)
        let spec = QueueSpec(name: "test", handlers: ["test.count": Counting(onPrefetched: { _ in }, onFresh: { _ in }), "test.plain": plain])
        let worker = try Worker(configuration: env.configuration(concurrency: 1), spec: spec)
        try worker.start()
        let result = try env.producer.waitForResult(of: "plain-1", timeoutMs: 10_000, on: c)
        #expect(eventually { worker.metrics.value("rejected") == 20 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(result["outcome"] == "plain" && plainReads.load(ordering: .relaxed) == 1)
        #expect(try env.producer.result(of: "job-3", on: c)["outcome"] == "off")
    }

    @Test func aGuardReadOnceInTheBatchScript_isReadAgainAfterAnEffectNamesItsKey() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        try c.send("SET", "\(env.prefix):limit", "on")
        try c.send("HSET", "\(env.prefix):gate", "version", "1")
        try env.producer.enqueue(env.countJob("bump", payload: ["bump": true]), queue: "test", on: c)
        try env.enqueueCountJobs(9, payload: ["key": "k"], on: c)
        // `bump` moves the gate on inside the batch; the nine after it guard on the version the
        // snapshot read, so each must fail (not reuse the value read for `bump`) and run again.
        struct Bumping: PrefetchingHandler {
            func plan(_ job: Job, keys: QueueKeys) -> PrefetchPlan { PrefetchPlan(reads: [RedisCommand("HGET", "\(keys.prefix):gate", "version")]) }
            func handle(_ job: Job, plan: PrefetchPlan, replies: [RedisReply], context: JobContext) throws -> JobOutcome {
                let p = context.keys.prefix, version = replies[0].string ?? ""
                let effect = job.payload["bump"] == true ? RedisCommand("HSET", "\(p):gate", "version", "2")
                    : RedisCommand("HINCRBY", "\(p):counted", "k", 1)
                return .done("ok", "v\(version)", effects: [effect], guards: [Guard(key: "\(p):gate", field: "version", expected: version)])
            }
        }
        var config = env.configuration(concurrency: 1)
        config.fetchCount = 256
        let worker = try Worker(configuration: config, spec: QueueSpec(name: "test", handlers: ["test.count": Bumping()]))
        try worker.start()
        #expect(eventually { try c.send("HGET", "\(env.prefix):counted", "k").int == 9 })
        worker.stop()
        worker.waitUntilStopped()
        #expect(try env.producer.result(of: "bump", on: c)["message"] == "v1")
        let messages = try c.pipeline((0..<9).map { RedisCommand("HGET", env.keys.result("job-\($0)"), "message") }).map { $0.string ?? "" }
        // Were the value read for `bump` reused, the jobs of its batch would have passed with "v1".
        #expect(messages.allSatisfy { $0 == "v2" } && worker.metrics.value("conflicts") > 0, "\(messages), \(worker.metrics.value("conflicts")) conflicts")
    }
}
