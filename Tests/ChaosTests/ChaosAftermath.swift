import ClassQueries
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import Testing
import Training

/// What a chaos or failover run does once its producer is done: moves the qualification workers'
/// clock past every expiry, waits for the system to drain, reads what Redis holds and checks the
/// invariants against the producer's ledger.
enum ChaosAftermath {
    /// Runs `producer` over the settings' batches of institutions, then settles (`faultsEnd` where
    /// the faults stop). On a timeout: the issue is recorded with the logs kept and the faults'
    /// log, and `nil` returned. Else the seconds the flow took and the snapshot.
    static func drive(_ producer: inout ChaosProducer, _ settings: ChaosSettings, _ cluster: ChaosCluster, _ c: ResilientConnection,
                      faultsEnd: () -> Void, faultLog: () -> [String]) -> (flowSeconds: Double, snapshot: ChaosSnapshot)? {
        let started = Date()
        let numbers = Array(1...settings.institutions)
        let batches = stride(from: 0, to: numbers.count, by: settings.batchSize).map { Array(numbers[$0..<min($0 + settings.batchSize, numbers.count)]) }
        do {
            try producer.run(batches, interval: settings.batchIntervalSeconds)
        } catch {
            faultsEnd()
            Issue.record("producer: \(error) (logs kept in \(cluster.preserveLogs().path))\nfaults: \(faultLog().joined(separator: "\n"))\ncrashed: \(cluster.crashed)")
            return nil
        }
        let flowSeconds = Date().timeIntervalSince(started)
        do {
            return (flowSeconds, try settle(cluster, producer, c, timeout: settings.stepTimeoutSeconds, faultsEnd: faultsEnd))
        } catch {
            Issue.record("\(error) (logs kept in \(cluster.preserveLogs().path))\nfaults: \(faultLog().joined(separator: "\n"))")
            return nil
        }
    }

    /// Moves the clock, calls `faultsEnd` (the run's faults stop there), drains and reads the
    /// snapshot with every hash the invariants look at.
    static func settle(_ cluster: ChaosCluster, _ producer: ChaosProducer, _ c: ResilientConnection, timeout: Double,
                       faultsEnd: () -> Void) throws -> ChaosSnapshot {
        // At least a day later on the qualification workers' clock, past every short-term item's
        // end, while the faults go on: every expiry falls due.
        let lastExpiry = producer.ledger.validUntil.values.map(ExpiryStep.expiryMs).max() ?? 0
        try cluster.advanceQualificationClock(by: max(ExpiryStep.dayMs, lastExpiry - cluster.qualificationNowMs + 2_000))
        faultsEnd()
        let drainedAt = try drain(c, cluster, timeout: timeout)
        return try snapshot(c, cluster, producer.ledger, drainedAtQualificationMs: drainedAt)
    }

    /// Everything the invariants read, through `c`.
    static func snapshot(_ c: ResilientConnection, _ cluster: ChaosCluster, _ ledger: ChaosLedger, drainedAtQualificationMs: Int64) throws -> ChaosSnapshot {
        let keys = ImportKeys(cluster.env.keys)
        var snapshot = try ChaosSnapshot.read(c, prefix: cluster.env.prefix, queues: cluster.kinds, drainedAtQualificationMs: drainedAtQualificationMs)
        let training = TrainingKeys(cluster.env.keys)
        try snapshot.load(hashKeys: ledger.institutions.flatMap { [keys.institution($0), keys.qualificationState($0)] }
                              + ledger.institutions.map { keys.classRecord("class-\($0.dropFirst(5))") }
                              + ledger.imports.values.flatMap { [keys.report($0.importId), keys.students($0.classId)] }
                              + ledger.sharedImports.values.map { keys.students($0.classId) }
                              + ledger.learning.keys.flatMap { [training.hours($0), training.records($0), training.scores($0)] },
                          setKeys: [], c)
        try snapshot.load(hashKeys: try c.keys(matching: "\(cluster.env.prefix):certificate:*").filter { !$0.hasSuffix(":pdf") }, setKeys: [], c)
        try snapshot.load(hashKeys: try c.keys(matching: "\(cluster.env.prefix):subsidy:claim:*") + c.keys(matching: "\(cluster.env.prefix):subsidy:granted:*"),
                          setKeys: [], c)
        let index = keys.enrollment(occupation: "electrician", level: .junior)
        snapshot.enrollment = try index.read(buckets: Array(0..<EnrollmentIndex.bucketCount)) { try c.pipeline($0) }
        return snapshot
    }

    /// The invariants and the log scan for leaked secrets.
    static func checks(_ cluster: ChaosCluster, _ ledger: ChaosLedger, _ snapshot: ChaosSnapshot) -> [ChaosCheck] {
        var checks = ChaosInvariants(ledger: ledger, snap: snapshot, keys: ImportKeys(cluster.env.keys), gatewayCalls: cluster.gateway.recorded).all
        checks.append(LogLeakScanner(secrets: [cluster.password, ChaosCluster.smsKey]).check(cluster.logFiles))
        return checks
    }

    /// Prints each check with its figures and its first failures; records the failed ones.
    static func report(_ checks: [ChaosCheck]) {
        for check in checks {
            print("\(check.holds ? "PASS" : "FAIL") \(check.name): \(check.figures)")
            for f in check.failures.prefix(10) { print("     \(f)") }
        }
    }

    /// Waits until every queue is empty with nothing pending or scheduled for retry, no notification
    /// is deferred and no expiry step is due; twice in a row, a second apart. Returns the
    /// qualification workers' clock when it first held.
    static func drain(_ c: ResilientConnection, _ cluster: ChaosCluster, timeout: Double) throws -> Int64 {
        let keys = cluster.env.keys
        let deadline = Date().addingTimeInterval(timeout)
        var firstQuiet: Int64?
        var last: [Int] = []
        while Date() < deadline {
            let now = cluster.qualificationNowMs
            var commands: [RedisCommand] = []
            for q in cluster.kinds {
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
        throw DrainTimeout(description: "not drained after \(Int(timeout)) s: [XLEN, XPENDING, retry] per queue \(cluster.kinds), deferred, due: \(last)")
    }

    struct DrainTimeout: Error, CustomStringConvertible { let description: String }
}
