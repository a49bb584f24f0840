import Foundation
import JobQueue
import RedisClient
import Subsidy
import TestSupport
import Testing
import TrainingDomain

/// Two claims sharing students, decided at the same moment by two `subsidy-worker` processes,
/// thirty times: nobody is granted twice for one occupation and level, and the two decisions'
/// totals are exactly the grants written.
@Suite struct SubsidyRaceTests {
    @Test func twoProcesses_twoClaimsSharingStudents_decidedAtOnce_thirtyTimes() throws {
        let h = try SubsidyHarness()
        defer { h.stop() }
        try h.certify("inst-1")
        try h.addReviewer("rev-1")
        try h.addReviewer("rev-2")
        // One job at a time per process, so that the two decisions of a round go to the two processes.
        let ports = try (1...2).map { _ in try RedisServer.freePort() }
        let workers = try (1...2).map { n in
            try h.startProcess(name: "subsidy-\(n)", extra: ["VT_CONCURRENCY": "1", "VT_FETCH_COUNT": "1", "VT_METRICS_PORT": String(ports[n - 1])])
        }
        defer { workers.forEach { $0.terminate() } }
        for round in 0..<30 {
            let born = "\(1970 + round)0101"
            let shared = (0..<12).map { SubsidyHarness.id($0 * 2 + 1, born: born) }
            let ownA = (12..<15).map { SubsidyHarness.id($0 * 2 + 1, born: born) }, ownB = (15..<18).map { SubsidyHarness.id($0 * 2 + 1, born: born) }
            try h.closedClass("a-\(round)", certificate: "CA-\(round)", students: (shared + ownA).map { SubsidyHarness.Student(id: $0) })
            try h.closedClass("b-\(round)", certificate: "CB-\(round)", students: (ownB + shared).map { SubsidyHarness.Student(id: $0) })
            #expect(try h.run(h.claimEnvelope("ca-\(round)", classId: "a-\(round)", certificate: "CA-\(round)"))["eligibleCount"] == "15")
            #expect(try h.run(h.claimEnvelope("cb-\(round)", classId: "b-\(round)", certificate: "CB-\(round)"))["eligibleCount"] == "15")
            // Both decisions in one round trip: the two processes take one each.
            let decisions = [h.decideEnvelope("ca-\(round)", reviewer: "rev-1"), h.decideEnvelope("cb-\(round)", reviewer: "rev-2")]
            _ = try h.c.pipeline(decisions.map { RedisCommand("XADD", h.env.keys.queue(SubsidyKeys.queueName), "*", "job", $0.jsonString) })
            let results = try decisions.map { try h.env.producer.waitForResult(of: $0.id, timeoutMs: 20_000, on: h.c) }
            #expect(results.allSatisfy { $0["outcome"] == "approved" }, "\(results)")
            let granted = results.compactMap { $0["grantedCount"].flatMap { Int($0) } }.reduce(0, +)
            let amount = results.compactMap { $0["grantedAmount"].flatMap { Int($0) } }.reduce(0, +)
            #expect(granted == 18 && amount == 18 * 800, "round \(round): \(results)")
            for id in shared + ownA + ownB {
                let person = try h.grants(id)
                #expect(person.count(in: 2026) == 1 && person.grants.count == 1, "round \(round): \(ResidentIDNumber.mask(id)) granted \(person.grants.count) times")
            }
            let claims = try ["ca-\(round)", "cb-\(round)"].map { try #require(try h.claim($0)) }
            let notGranted = claims.flatMap(\.notGranted)
            #expect(notGranted.count == shared.count && notGranted.allSatisfy { $0.value == .alreadySubsidized })
        }
        let totalGranted = try (0..<30).flatMap { r in try ["ca-\(r)", "cb-\(r)"].map { try h.claim($0)?.grantedAmount ?? 0 } }.reduce(0, +)
        #expect(totalGranted == 30 * 18 * 800)
        // Commits whose guards failed: the decisions did overlap, and the loser re-ran on fresh grants.
        let conflicts = ports.map { port in
            httpGet(port: port, path: "/metrics").1.split(separator: "\n")
                .first { $0.hasPrefix("vt_guard_conflicts_total") }.flatMap { $0.split(separator: " ").last.flatMap { Int($0) } } ?? 0
        }
        print("subsidy race: 30 rounds, 60 decisions over two processes, 540 people each granted once; guard conflicts per worker \(conflicts)")
    }
}
