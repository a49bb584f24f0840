import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing

/// Issue 18, item 3, with the real workflows: a primary, two replicas and three Sentinels; two
/// processes of every worker kind (certification, qualification, import, notification, training,
/// subsidy) through the Sentinels with `VT_REDIS_MIN_REPLICAS=1`; the chaos producer driving the
/// platform's whole flow (submissions, competing certification and qualification decisions,
/// classes, imports, learning records with copies and resends, scores) and enqueuing durably (each
/// pipeline confirmed by `WAIT 1`). Mid-load the primary is SIGKILLed, a replica is promoted, the
/// killed node is started again and made a replica. Then the chaos run's invariants (every job one
/// result, one winner per conflicting decision, no transition twice, hours = sum of distinct
/// records, one inbox entry per notification, no SMS twice) and every node holding the same
/// results. Short form in CI; `VT_FAILOVER_ROUNDS` / `VT_FAILOVER_INSTITUTIONS` for the long one
/// (docs/failover.md).
@Suite(.serialized) struct FailoverWorkflowTests {
    @Test func primaryKilledUnderEveryWorkflow_promisesKept_oldPrimaryBackAsReplica() throws {
        let (settings, rounds) = ChaosSettings.failover()
        let started = Date()
        let sentinels = try SentinelCluster(replicas: 2)
        defer { sentinels.stop() }
        let cluster = try ChaosCluster(midnightAfterMs: settings.midnightAfterMs, sentinels: sentinels, kinds: ChaosCluster.chaosKinds)
        defer { cluster.stop() }
        let c = ResilientConnection(waitReplicas: 1) { try sentinels.connect() }
        var producer = ChaosProducer(cluster: cluster, connection: c, timeoutSeconds: settings.stepTimeoutSeconds)
        try producer.registerReviewers()
        try producer.sendMalformed()

        let failover = FailoverLoop(cluster: sentinels, eventsKey: "\(cluster.env.prefix):events", rounds: rounds, firstAfter: settings.batchIntervalSeconds * 2)
        failover.start()
        guard let (flowSeconds, snapshot) = ChaosAftermath.drive(&producer, settings, cluster, c, faultsEnd: { failover.finish() }, faultLog: { failover.log }) else { return }
        // Every node, the returned ones included, holds the same results and as many keys.
        let prefix = cluster.env.prefix
        var disagreeing: [String] = []
        let agree = eventually(timeout: 30) {
            disagreeing = try sentinels.nodes.compactMap { node in
                let r = ResilientConnection(server: node, patience: 5)
                let results = try r.hashes(matching: "\(prefix):result:*")
                let same = results.count == snapshot.results.count
                    && results.allSatisfy { snapshot.results[String($0.key.dropFirst("\(prefix):result:".count))] == $0.value }
                return same ? nil : ":\(node.port) holds \(results.count) results, the primary \(snapshot.results.count)"
            }
            return disagreeing.isEmpty
        }
        let notReady = cluster.notReady()
        let notStopped = cluster.stopWorkers()
        let checks = ChaosAftermath.checks(cluster, producer.ledger, snapshot)
        let done = failover.rounds

        func seconds(_ v: Double?) -> String { v.map { String(format: "%.2f s", $0) } ?? "never" }
        print("""
            failover run: \(producer.ledger.institutions.count) institutions, \(producer.ledger.jobs.count) jobs sent durably (\(c.resends) resends), \
            \(done.count) primary kill(s); flow \(String(format: "%.1f", flowSeconds)) s, total \(String(format: "%.1f", Date().timeIntervalSince(started))) s
            \(done.map { "  killed :\($0.killedPort), promoted :\($0.promotedPort.map(String.init) ?? "none") after \(seconds($0.promotedAfter)), jobs committed again after \(seconds($0.flowingAfter)), back as replica: \($0.backAsReplica)" }.joined(separator: "\n"))
            \(failover.log.map { "  " + $0 }.joined(separator: "\n"))
            every node (\(sentinels.nodes.map { ":\($0.port)" }.joined(separator: ", "))) holds the \(snapshot.results.count) results: \(agree ? "yes" : "no")
            """)
        ChaosAftermath.report(checks)
        for check in checks { #expect(check.holds, "\(check.name): \(check.failures.prefix(10))") }
        #expect(done.count == rounds, "every round ran: \(failover.log)")
        for round in done {
            #expect(round.promotedPort != nil && round.flowingAfter != nil, "killed :\(round.killedPort): a replica promoted and jobs flowing on it")
            #expect(round.backAsReplica, "killed :\(round.killedPort): back as a replica")
        }
        #expect(agree, "the nodes do not hold the same results: \(disagreeing)")
        #expect(notReady.isEmpty, "workers not ready (/readyz) after the run: \(notReady)")
        #expect(notStopped.isEmpty, "workers that did not exit 0 on SIGTERM: \(notStopped)")
        if !(checks.allSatisfy(\.holds) && notStopped.isEmpty && notReady.isEmpty && agree) { print("logs kept in \(cluster.preserveLogs().path)") }
    }
}

extension ChaosSettings {
    /// A failover run: 12 institutions over 12 s, one primary kill (the short form, CI);
    /// `VT_FAILOVER_ROUNDS` kills (each round takes about 15 s: promotion, then the old primary back
    /// as a replica, so the load is stretched to match) and `VT_FAILOVER_INSTITUTIONS`.
    static func failover(_ env: [String: String] = ProcessInfo.processInfo.environment) -> (ChaosSettings, rounds: Int) {
        var s = ChaosSettings()
        let rounds = max(1, env["VT_FAILOVER_ROUNDS"].flatMap(Int.init) ?? 1)
        s.institutions = max(4, env["VT_FAILOVER_INSTITUTIONS"].flatMap(Int.init) ?? 12)
        s.seconds = max(12, rounds * 18)
        s.batchSize = max(2, s.institutions * 2 / s.seconds)
        s.midnightAfterMs = Int64(s.seconds) * 600
        return (s, rounds)
    }
}
