import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing

/// A graceful failover (`SENTINEL FAILOVER`): the old primary does not die, it stays a primary
/// until Sentinel demotes it (and kills its clients) some seconds later. A worker that hears
/// `+switch-master` moves at once: jobs flow on the new primary while the old one still answers
/// ROLE master. A worker that does not (`VT_REDIS_SENTINEL_SUBSCRIBE=false`) stays blocked on
/// the old primary until the demotion. Both times are printed (docs/failover.md).
@Suite(.serialized) struct SwitchMasterTests {
    struct Measured {
        /// Seconds from `SENTINEL FAILOVER` until the Sentinels named the new primary, until the
        /// first job enqueued there was done, until the old primary answered ROLE slave (nil: not
        /// within the wait).
        var switched: Double?, flowed: Double?, demoted: Double?
        var log = ""
    }

    @Test func gracefulFailover_workerHearingSwitchMaster_movesBeforeTheOldPrimaryIsDemoted() throws {
        let listening = try measure(subscribe: true)
        let deaf = try measure(subscribe: false)
        func f(_ v: Double?) -> String { v.map { String(format: "%.2f s", $0) } ?? "–" }
        print("""
            graceful failover: with +switch-master: named \(f(listening.switched)), jobs flowing \(f(listening.flowed)), old primary demoted \(f(listening.demoted)); \
            without: named \(f(deaf.switched)), jobs flowing \(f(deaf.flowed)), old primary demoted \(f(deaf.demoted))
            """)
        #expect(listening.flowed != nil, "jobs flow again: \(listening.log)")
        #expect(deaf.flowed != nil, "jobs flow again: \(deaf.log)")
        #expect((listening.flowed ?? .infinity) < (listening.demoted ?? .infinity), "the listening worker moved while the old primary was still a primary")
        #expect((deaf.flowed ?? 0) >= (deaf.demoted ?? .infinity), "the deaf worker moved only when the demotion killed its connections")
    }

    /// One cluster, one vt-testworker through the Sentinels, a graceful failover, and a job
    /// enqueued every 50 ms on the primary the Sentinels name (a fresh connection each time, so it
    /// follows the switch at once) until one enqueued on the new primary is done. No WAIT: the
    /// new primary's other replica resyncs for some seconds (diskless sync delay), which would
    /// hide the worker's own delay.
    func measure(subscribe: Bool) throws -> Measured {
        let cluster = try SentinelCluster(replicas: 2)
        defer { cluster.stop() }
        let env = QueueTestEnvironment(server: cluster.nodes[0], prefix: "sw\(UInt16.random(in: 0...UInt16.max))")
        var environment = env.environment(env.configuration(concurrency: 2)).merging(cluster.environment) { $1 }
        environment["VT_REDIS_SENTINEL_SUBSCRIBE"] = String(subscribe)
        let worker = try ChildProcess(executable: builtExecutable("vt-testworker"), environment: environment,
                                      logDirectory: cluster.nodes[0].directory, name: "worker-\(subscribe)")
        defer { _ = worker.terminate() }
        let old = cluster.nodes[0]
        var n = 0
        /// Enqueues the next job; the port of the primary that took it.
        func enqueue() -> Int? {
            n += 1
            guard let c = try? cluster.connect(), (try? c.send(env.producer.enqueueCommand(env.countJob("sw-\(n)"), queue: "test"))) != nil else { return nil }
            return Int(c.address.split(separator: ":").last ?? "")
        }
        func applied(_ id: String) -> Bool { (try? cluster.connect().send("HGET", "\(env.prefix):test:applied", id)) == .bulk(Array("1".utf8)) }
        #expect(enqueue() == old.port)
        #expect(eventually(timeout: 20) { applied("sw-1") }, "the worker runs before the failover: \(worker.log.suffix(1_000))")

        var measured = Measured()
        let started = Date()
        _ = try cluster.sentinels[0].connect().send("SENTINEL", "FAILOVER", SentinelCluster.masterName)
        var firstOnNew: String?
        while Date().timeIntervalSince(started) < 40 && (measured.flowed == nil || measured.demoted == nil) {
            let now = Date().timeIntervalSince(started)
            if measured.switched == nil, let port = cluster.primaryPort, port != old.port { measured.switched = now }
            if measured.demoted == nil && cluster.role(of: old) == "slave" { measured.demoted = now }
            if measured.flowed == nil {
                if firstOnNew == nil, let port = enqueue(), port != old.port { firstOnNew = "sw-\(n)" }
                if let firstOnNew, applied(firstOnNew) { measured.flowed = Date().timeIntervalSince(started) }
            }
            usleep(50_000)
        }
        if subscribe {
            #expect(worker.log.contains("the Sentinels switched the primary"), "the worker heard the switch: \(worker.log.suffix(1_500))")
        }
        measured.log = String(worker.log.suffix(3_000))
        return measured
    }
}
