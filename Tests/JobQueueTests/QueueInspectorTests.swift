import Foundation
import JobQueue
import RedisClient
import TestSupport
import TestWorkerHandlers
import Testing

@Suite struct QueueInspectorTests {
    @Test func stats_deadLetters_replay_andPurge() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        let c = try env.server.connect()
        var config = env.configuration()
        config.maxAttempts = 1
        let worker = try Worker(configuration: config, spec: TestHandlers.testQueue)
        try worker.start()
        try env.enqueueCountJobs(5, on: c)
        // Fails on its first attempt; with one attempt allowed it is dead at once.
        try env.producer.enqueue(env.countJob("fails", payload: ["failUntilAttempt": 2]), queue: "test", on: c)
        try c.send(env.producer.enqueueRawCommand(Array("not json".utf8), queue: "test"))
        #expect(eventually { try c.send("XLEN", env.keys.dead("test")).int == 2 })
        #expect(eventually { (try c.send("HGET", env.keys.stats("test"), "processed").int ?? 0) == 5 })
        let inspector = QueueInspector(keys: env.keys, connection: c)
        let stats = try inspector.stats(queue: "test")
        #expect(stats.dead == 2)
        #expect(stats.pending == 0)
        #expect(stats.total["processed"] == 5)
        #expect(stats.consumers.contains { $0.name.hasPrefix(worker.consumer + "/") && $0.heartbeatAgeMs != nil })
        let dead = try inspector.deadLetters(queue: "test")
        #expect(dead.count == 2)
        let failed = try #require(dead.first { $0.jobId == "fails" })
        #expect(failed.reason == "retries_exhausted")
        #expect(try inspector.result(jobId: "fails")["status"] == "dead")
        // Replay removes the dead result and re-adds the job: it runs again from attempt 1 (and, with
        // one attempt allowed, dies again: a second dead letter proves it was re-run, not skipped).
        #expect(try inspector.replay(queue: "test", ids: [failed.id]) == 1)
        #expect(eventually { try inspector.result(jobId: "fails")["status"] == "dead" && (try c.send("XLEN", env.keys.dead("test")).int == 2) })
        // The history tells the whole story: dead, replayed by an operator, dead again.
        #expect(try inspector.history(jobId: "fails").map { $0["event"]?.stringValue } == ["dead_lettered", "replayed", "dead_lettered"])
        #expect(try inspector.history(jobId: "fails").first?["reason"]?.stringValue == "retries_exhausted")
        // Clean first runs leave no history at all.
        #expect(try c.send("EXISTS", env.keys.history("job-0")).int == 0)
        #expect(try inspector.purge(queue: "test", ids: nil) == 2)
        #expect(try c.send("XLEN", env.keys.dead("test")).int == 0)
        let workers = try inspector.workers(queue: "test")
        #expect(workers.map(\.consumer) == [worker.consumer])
        #expect(workers.first?.info["concurrency"] == "4")
        worker.stop()
        worker.waitUntilStopped()
    }
}
