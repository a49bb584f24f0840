import ClassQueries
import CertificationQueries
import DepartmentReview
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TestSupport
import Training
import Testing
import WorkflowKernel

/// Soak and chaos across every workflow: Redis with AOF and two processes of each worker, a
/// producer driving the platform's whole flow for many institutions at once, a gateway that fails
/// part of the time, workers SIGKILLed and Redis restarted meanwhile; then the system's promises
/// are checked and printed. The short form runs in CI; `VT_CHAOS_SECONDS` / `VT_CHAOS_INSTITUTIONS`
/// make the long one (README: Chaos and soak).
@Suite struct ChaosTests {
    @Test func soakAndChaos_everyWorkflowKeepsItsPromises() throws {
        let settings = ChaosSettings.fromEnvironment()
        let started = Date()
        let cluster = try ChaosCluster(midnightAfterMs: settings.midnightAfterMs)
        defer { cluster.stop() }
        let c = ResilientConnection(server: cluster.env.server)
        var producer = ChaosProducer(cluster: cluster, connection: c, timeoutSeconds: settings.stepTimeoutSeconds)
        try producer.registerReviewers()
        try producer.sendMalformed()

        let chaos = ChaosLoop(cluster: cluster, settings: settings)
        chaos.start()
        guard let (flowSeconds, snapshot) = ChaosAftermath.drive(&producer, settings, cluster, c, faultsEnd: { chaos.finish() }, faultLog: { chaos.log }) else { return }
        let institutions = producer.ledger.institutions
        let notReady = cluster.notReady()
        let notStopped = cluster.stopWorkers()
        let checks = ChaosAftermath.checks(cluster, producer.ledger, snapshot)

        print("""
            chaos run: \(institutions.count) institutions, \(producer.ledger.jobs.count) jobs sent, \(chaos.kills) worker kills, \
            \(chaos.redisRestarts) Redis restarts, \(c.resends) producer resends; flow \(String(format: "%.1f", flowSeconds)) s, \
            total \(String(format: "%.1f", Date().timeIntervalSince(started))) s
            \(chaos.log.map { "  " + $0 }.joined(separator: "\n"))
            """)
        ChaosAftermath.report(checks)
        for check in checks { #expect(check.holds, "\(check.name): \(check.failures.prefix(10))") }
        #expect(notReady.isEmpty, "workers not ready (/readyz) after the run: \(notReady)")
        #expect(notStopped.isEmpty, "workers that did not exit 0 on SIGTERM: \(notStopped)")
        print("workers ready at the end: \(notReady.isEmpty ? "all" : "not \(notReady)"); exited 0 on SIGTERM: \(notStopped.isEmpty ? "all" : "not \(notStopped)")")
        if !(checks.allSatisfy(\.holds) && notStopped.isEmpty && notReady.isEmpty) { print("logs kept in \(cluster.preserveLogs().path)") }
    }
}
