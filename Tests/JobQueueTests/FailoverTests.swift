import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing

/// A real failover under load (issue 18): a primary, two replicas and three Sentinels; two
/// vt-testworker processes through the Sentinels with `VT_REDIS_MIN_REPLICAS=1`; a producer
/// enqueuing durably (XADD + WAIT). The primary is SIGKILLed mid-load, the Sentinels promote a
/// replica, the killed node comes back and is made a replica; in the long form this goes round
/// with whichever node is primary. Then: every accepted job has exactly one result, no job was
/// applied twice, no worker reported a job finished twice; and how long jobs stopped flowing.
/// Short form in CI; `VT_FAILOVER_ROUNDS=N` for the long form (docs/failover.md).
@Suite(.serialized) struct FailoverTests {
    @Test func primaryKilledUnderLoad_replicaPromoted_everyAcceptedJobOnce_oldPrimaryBackAsReplica() throws {
        let rounds = ProcessInfo.processInfo.environment["VT_FAILOVER_ROUNDS"].flatMap(Int.init) ?? 1
        let cluster = try SentinelCluster(replicas: 2)
        defer { cluster.stop() }
        let env = QueueTestEnvironment(server: cluster.nodes[0], prefix: "fo\(UInt16.random(in: 0...UInt16.max))")
        var config = env.configuration(concurrency: 4)
        config.heartbeatMs = 300
        config.deadAfterMs = 5_000
        var environment = env.environment(config).merging(cluster.environment) { $1 }
        environment["VT_REDIS_MIN_REPLICAS"] = "1"
        environment["VT_LOG_LEVEL"] = "debug"
        let workers = try (0..<2).map { i in
            try ChildProcess(executable: builtExecutable("vt-testworker"), environment: environment, logDirectory: cluster.nodes[0].directory, name: "worker-\(i)")
        }
        let producer = FailoverProducer(cluster: cluster, env: env)
        producer.start()
        let c = ResilientReader(cluster: cluster)

        var recoveries: [Double] = []
        for round in 0..<rounds {
            let flowing = eventually(timeout: 30) {
                let applied = try c.applied(env).count
                return producer.acceptedIds.count >= 200 * (round + 1) && applied >= 100 * (round + 1)
            }
            #expect(flowing, "round \(round): load did not flow; worker log: \(workers[0].log.suffix(1_500))")
            guard let oldPort = cluster.primaryPort, let old = cluster.node(port: oldPort) else {
                Issue.record("no primary named before round \(round)")
                break
            }
            let killedAt = Date()
            old.killProcess()
            let newPort = cluster.waitForFailover(from: oldPort)
            #expect(newPort != nil, "no replica was promoted; sentinel log: \(cluster.sentinels[0].log.suffix(1_500))")
            // Jobs flow again: a job accepted after the kill has its result.
            var flowed: Date?
            _ = eventually(timeout: 60) {
                guard let id = producer.firstAccepted(after: killedAt), try c.hasResult(env, id) else { return false }
                flowed = Date()
                return true
            }
            #expect(flowed != nil, "no job accepted after the kill was finished; worker log: \(workers[0].log.suffix(2_000))")
            if let flowed { recoveries.append(flowed.timeIntervalSince(killedAt)) }
            try old.start()
            #expect(eventually(timeout: 40) { cluster.role(of: old) == "slave" } && cluster.waitUntilInSync(), "the old primary did not come back as a replica in sync")
        }
        producer.stop()
        let accepted = producer.acceptedIds
        let drained = eventually(timeout: 60) {
            let pending = try c.pending(env)
            let applied = try c.applied(env)
            return pending == 0 && Set(applied.keys).isSuperset(of: accepted)
        }
        #expect(drained, "not drained; worker log: \(workers[0].log.suffix(2_000))")
        let applied = try c.applied(env)
        let lost = accepted.filter { applied[$0] == nil }
        let twice = applied.filter { $0.value != 1 }
        let statuses = try c.statuses(env, accepted)
        let notDone = zip(accepted, statuses).filter { $0.1 != "done" }.map(\.0)
        let exitCodes = workers.map { $0.terminate() }
        let reported = workers.flatMap { Self.finishedJobIds(in: $0.log) }
        let reportedTwice = Dictionary(grouping: reported, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        // Every node, the returned one included, ends with the same applied set.
        let replicasAgree = eventually(timeout: 20) {
            try cluster.nodes.allSatisfy { try $0.connect().send("HLEN", "\(env.prefix):test:applied").int == applied.count }
        }

        print("""
            failover: \(rounds) primary kill(s) under load; \(accepted.count) jobs accepted (\(producer.resendCount) producer resends), \
            \(applied.count) applied; jobs flowing again after \(recoveries.map { String(format: "%.2f s", $0) }.joined(separator: ", ")); \
            lost \(lost.count), applied twice \(twice.count), not done \(notDone.count), reported finished twice \(reportedTwice.count)
            """)
        #expect(lost.isEmpty, "accepted jobs with no effect: \(lost.prefix(10))")
        #expect(twice.isEmpty, "applied more than once: \(twice.prefix(10))")
        #expect(notDone.isEmpty, "accepted jobs without a done result: \(notDone.prefix(10))")
        #expect(reportedTwice.isEmpty, "reported finished twice: \(reportedTwice.prefix(10))")
        // A commit the old primary applied and replicated, whose reply the worker lost with the
        // connection, is delivered again and found finished: reported as such, not as finished.
        let foundFinished = workers.flatMap { Self.finishedJobIds(in: $0.log, message: "delivery already finished; nothing applied") }
        let unreported = Set(accepted).subtracting(reported).subtracting(foundFinished)
        #expect(unreported.isEmpty, "accepted jobs no worker reported finished: \(unreported.prefix(10))")
        #expect(exitCodes.allSatisfy { $0 == 0 }, "worker exit codes \(exitCodes)")
        #expect(replicasAgree, "the nodes do not all hold the \(applied.count) applied jobs")
    }

    /// Job ids of the `job finished` lines (debug) of a worker's log, or of the lines of `message`.
    static func finishedJobIds(in log: String, message: String = "job finished") -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard line.contains("\"\(message)\""),
                  let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object["jobId"] as? String
        }
    }
}

/// The checker's reads through the Sentinels, retried across the failover.
final class ResilientReader {
    let cluster: SentinelCluster
    private var connection: RedisConnection?

    init(cluster: SentinelCluster) { self.cluster = cluster }

    func pipeline(_ commands: [RedisCommand]) throws -> [RedisReply] {
        for _ in 0..<100 {
            do {
                if connection == nil || !connection!.isConnected { connection = try cluster.connect() }
                return try connection!.pipeline(commands)
            } catch {
                connection = nil
                usleep(100_000)
            }
        }
        throw RedisError(.connection, "no primary answered")
    }

    func applied(_ env: QueueTestEnvironment) throws -> [String: Int] {
        try pipeline([RedisCommand("HGETALL", "\(env.prefix):test:applied")])[0].fieldMap.mapValues { Int($0) ?? 0 }
    }

    func hasResult(_ env: QueueTestEnvironment, _ id: String) throws -> Bool {
        try pipeline([RedisCommand("EXISTS", env.keys.result(id))])[0].int == 1
    }

    func pending(_ env: QueueTestEnvironment) throws -> Int {
        try pipeline([RedisCommand("XPENDING", env.keys.queue("test"), env.keys.group("test"))])[0].array?.first?.int ?? -1
    }

    func statuses(_ env: QueueTestEnvironment, _ ids: [String]) throws -> [String] {
        try pipeline(ids.map { RedisCommand("HGET", env.keys.result($0), "status") }).map { $0.string ?? "" }
    }
}
