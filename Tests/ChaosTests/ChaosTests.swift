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
        let numbers = Array(1...settings.institutions)
        let batches = stride(from: 0, to: numbers.count, by: settings.batchSize).map { Array(numbers[$0..<min($0 + settings.batchSize, numbers.count)]) }
        do { try producer.run(batches, interval: settings.batchIntervalSeconds) } catch {
            chaos.finish()
            Issue.record("producer: \(error) (logs kept in \(cluster.preserveLogs().path))\nchaos: \(chaos.log.joined(separator: "\n"))\ncrashed: \(cluster.crashed)")
            return
        }
        let flowSeconds = Date().timeIntervalSince(started)
        // At least a day later on the qualification workers' clock, past every short-term item's
        // end, while the chaos goes on: every expiry falls due.
        let lastExpiry = producer.ledger.validUntil.values.map(ExpiryStep.expiryMs).max() ?? 0
        try cluster.advanceQualificationClock(by: max(ExpiryStep.dayMs, lastExpiry - cluster.qualificationNowMs + 2_000))
        chaos.finish()
        let drainedAt: Int64
        do { drainedAt = try drain(c, cluster, timeout: settings.stepTimeoutSeconds) } catch {
            Issue.record("\(error) (logs kept in \(cluster.preserveLogs().path))\nchaos: \(chaos.log.joined(separator: "\n"))")
            return
        }

        let keys = ImportKeys(cluster.env.keys)
        var snapshot = try ChaosSnapshot.read(c, prefix: cluster.env.prefix, queues: ChaosCluster.kinds, drainedAtQualificationMs: drainedAt)
        let institutions = producer.ledger.institutions
        let training = TrainingKeys(cluster.env.keys)
        try snapshot.load(hashKeys: institutions.flatMap { [keys.institution($0), keys.qualificationState($0)] }
                              + institutions.map { keys.classRecord("class-\($0.dropFirst(5))") }
                              + producer.ledger.imports.values.flatMap { [keys.report($0.importId), keys.students($0.classId)] }
                              + producer.ledger.sharedImports.values.map { keys.students($0.classId) }
                              + producer.ledger.learning.keys.flatMap { [training.hours($0), training.records($0), training.scores($0)] },
                          setKeys: [], c)
        try snapshot.load(hashKeys: try c.keys(matching: "\(cluster.env.prefix):certificate:*").filter { !$0.hasSuffix(":pdf") }, setKeys: [], c)
        let index = keys.enrollment(occupation: "electrician", level: .junior)
        let buckets = Array(0..<EnrollmentIndex.bucketCount)
        snapshot.enrollment = try index.read(buckets: buckets) { try c.pipeline($0) }
        let notReady = cluster.notReady()
        let notStopped = cluster.stopWorkers()
        var checks = ChaosInvariants(ledger: producer.ledger, snap: snapshot, keys: keys, gatewayCalls: cluster.gateway.recorded).all
        checks.append(LogLeakScanner(secrets: [cluster.password, ChaosCluster.smsKey]).check(cluster.logFiles))

        print("""
            chaos run: \(institutions.count) institutions, \(producer.ledger.jobs.count) jobs sent, \(chaos.kills) worker kills, \
            \(chaos.redisRestarts) Redis restarts, \(c.resends) producer resends; flow \(String(format: "%.1f", flowSeconds)) s, \
            total \(String(format: "%.1f", Date().timeIntervalSince(started))) s
            \(chaos.log.map { "  " + $0 }.joined(separator: "\n"))
            """)
        for check in checks {
            print("\(check.holds ? "PASS" : "FAIL") \(check.name): \(check.figures)")
            for f in check.failures.prefix(10) { print("     \(f)") }
        }
        for check in checks { #expect(check.holds, "\(check.name): \(check.failures.prefix(10))") }
        #expect(notReady.isEmpty, "workers not ready (/readyz) after the run: \(notReady)")
        #expect(notStopped.isEmpty, "workers that did not exit 0 on SIGTERM: \(notStopped)")
        print("workers ready at the end: \(notReady.isEmpty ? "all" : "not \(notReady)"); exited 0 on SIGTERM: \(notStopped.isEmpty ? "all" : "not \(notStopped)")")
        if !(checks.allSatisfy(\.holds) && notStopped.isEmpty && notReady.isEmpty) { print("logs kept in \(cluster.preserveLogs().path)") }
    }

    /// Waits until every queue is empty with nothing pending or scheduled for retry, no notification
    /// is deferred and no expiry step is due; twice in a row, a second apart. Returns the
    /// qualification workers' clock when it first held.
    func drain(_ c: ResilientConnection, _ cluster: ChaosCluster, timeout: Double) throws -> Int64 {
        let keys = cluster.env.keys
        let deadline = Date().addingTimeInterval(timeout)
        var firstQuiet: Int64?
        var last: [Int] = []
        while Date() < deadline {
            let now = cluster.qualificationNowMs
            var commands: [RedisCommand] = []
            for q in ChaosCluster.kinds {
                commands += [RedisCommand("XLEN", keys.queue(q)), RedisCommand("XPENDING", keys.queue(q), keys.group(q)),
                             RedisCommand("ZCARD", keys.retry(q))]
            }
            commands += [RedisCommand("ZCARD", "\(keys.prefix):notification:deferred"),
                         RedisCommand("ZCOUNT", QualificationKeys(keys).due, "-inf", String(now))]
            last = try c.pipeline(commands).map { $0.int ?? $0.array?.first?.int ?? -1 }
            if last.allSatisfy({ $0 == 0 }) {
                if let firstQuiet { return firstQuiet }
                firstQuiet = now
            } else {
                firstQuiet = nil
            }
            usleep(1_000_000)
        }
        throw DrainTimeout(description: "not drained after \(Int(timeout)) s: [XLEN, XPENDING, retry] per queue \(ChaosCluster.kinds), deferred, due: \(last)")
    }

    struct DrainTimeout: Error, CustomStringConvertible { let description: String }
}
