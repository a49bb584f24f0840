import Foundation
import RedisClient
import Synchronization
import TestSupport

/// The faults of a failover run, on their own thread: after `firstAfter` seconds, and then once
/// per round, the node the Sentinels name primary is SIGKILLed mid-load; the loop waits for a
/// replica's promotion and for the workers to commit on it again (the events stream grows on the
/// new primary: the time is recorded), then starts the killed node again and waits until the
/// Sentinels have made it a replica and every replica is in sync: one failure at a time.
final class FailoverLoop: Sendable {
    struct Round: Sendable {
        let killedPort: Int
        var promotedPort: Int?
        /// Seconds from the kill to the promotion, and to the first commit on the new primary.
        var promotedAfter: Double?
        var flowingAfter: Double?
        var backAsReplica = false
    }

    private struct State {
        var rounds: [Round] = []
        var log: [String] = []
        var finished = false
    }

    private let cluster: SentinelCluster
    private let eventsKey: String
    private let firstAfter: Double
    private let roundCount: Int
    private let state = Mutex(State())

    init(cluster: SentinelCluster, eventsKey: String, rounds: Int, firstAfter: Double) {
        self.cluster = cluster
        self.eventsKey = eventsKey
        roundCount = rounds
        self.firstAfter = firstAfter
    }

    func start() {
        let thread = Thread { [self] in
            run()
            state.withLock { $0.finished = true }
        }
        thread.name = "failover"
        thread.start()
    }

    /// Waits until every round is done.
    func finish() {
        while !state.withLock({ $0.finished }) { usleep(50_000) }
    }

    var rounds: [Round] { state.withLock { $0.rounds } }
    var log: [String] { state.withLock { $0.log } }

    private func note(_ started: Date, _ text: String) {
        let line = String(format: "%6.1fs ", Date().timeIntervalSince(started)) + text
        state.withLock { $0.log.append(line) }
    }

    private func run() {
        let started = Date()
        usleep(useconds_t(firstAfter * 1_000_000))
        for _ in 0..<roundCount {
            guard let port = cluster.primaryPort, let old = cluster.node(port: port) else {
                note(started, "no primary named; round skipped")
                continue
            }
            var round = Round(killedPort: port)
            let killedAt = Date()
            old.killProcess()
            note(started, "SIGKILL primary :\(port)")
            if let promoted = cluster.waitForFailover(from: port), let node = cluster.node(port: promoted) {
                round.promotedPort = promoted
                round.promotedAfter = Date().timeIntervalSince(killedAt)
                note(started, "replica :\(promoted) promoted")
                let baseline = try? node.connect().send("XLEN", eventsKey).int
                if let baseline, eventually(timeout: 60, { (try node.connect().send("XLEN", eventsKey).int ?? 0) > baseline }) {
                    round.flowingAfter = Date().timeIntervalSince(killedAt)
                    note(started, "jobs committed on :\(promoted)")
                }
            } else {
                note(started, "no replica promoted")
            }
            do {
                try old.start()
                round.backAsReplica = eventually(timeout: 40) { cluster.role(of: old) == "slave" } && cluster.waitUntilInSync()
                note(started, round.backAsReplica ? ":\(port) back as a replica, every replica in sync" : ":\(port) did not become a replica in sync")
            } catch {
                note(started, ":\(port) did not start again: \(error)")
            }
            state.withLock { $0.rounds.append(round) }
        }
    }
}
