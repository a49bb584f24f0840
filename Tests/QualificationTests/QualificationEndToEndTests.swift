import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import TrainingDomain
import WorkflowKernel

/// The real `qualification-worker` against a real redis-server; time is moved by restarting the
/// worker with a bigger VT_CLOCK_OFFSET_MS, never by sleeping through it.
@Suite struct QualificationEndToEndTests {
    func expiryEvents(_ h: QualificationHarness) throws -> [String] {
        try h.events().compactMap { e in
            guard let t = e["type"]?.stringValue, t.hasPrefix("qualification.expir") else { return nil }
            return t == "qualification.expiring" ? "expiring-\(e["payload"]?["daysLeft"]?.intValue ?? 0)" : "expired"
        }
    }

    /// The VT_CLOCK_OFFSET_MS that puts a worker started now at the instant `targetMs`.
    func offset(to targetMs: Int64) -> Int64 { targetMs - Int64(Date().timeIntervalSince1970 * 1000) }

    @Test func realWorker_applyApprove_thenRemindersAndExpiryAsTheClockMoves() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        try h.certify("inst-e2e")
        try h.addReviewer("rev-1")
        let today = LocalDate.chinaToday(now: Date())
        let until = today.adding(days: 45)
        var worker = try h.startProcess(name: "q0")
        #expect(try h.apply("app-e2e", institution: "inst-e2e", items: [Q.electrician, Q.syb(until)])["outcome"] == "pending_review")
        #expect(try h.decide("app-e2e", revision: 1)["outcome"] == "approved")
        #expect(try h.due().count == 4)
        #expect(worker.terminate() == 0)
        var expected: [String] = []
        for (days, name) in [(30, "expiring-30"), (7, "expiring-7"), (1, "expiring-1"), (0, "expired")] {
            let due = ExpiryStep.expiryMs(until) - Int64(days) * ExpiryStep.dayMs
            worker = try h.startProcess(name: "q-\(name)", offsetMs: offset(to: due + 60_000))
            expected.append(name)
            #expect(eventually { try expiryEvents(h) == expected }, "\(name): \((try? expiryEvents(h)) ?? [])")
            #expect(worker.terminate() == 0)
        }
        #expect(try h.record("inst-e2e").items[Q.syb(until).key]?.status == .expired)
        #expect(try h.record("inst-e2e").items[Q.electrician.key]?.status == .active)
        #expect(worker.log.contains("expiry sweep"))
    }

    /// Many due steps; the first worker is killed with SIGKILL while it sweeps; a second finishes.
    /// Every step is announced exactly once (events counted per member).
    @Test func workerKilledMidSweep_anotherFinishes_everyStepAnnouncedExactlyOnce() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        let count = 20_000
        try ExpiryTests.seed(h, institution: "inst-kill", count: count / 4, until: Q.date(2))
        let after = offset(to: ExpiryStep.expiryMs(Q.date(2)) + 1_000)
        let first = try h.startProcess(name: "victim", offsetMs: after, extra: ["VT_EXPIRY_SWEEP_BATCH": "50"])
        var seen = 0
        _ = eventually(timeout: 30) {
            seen = try h.c.send("XLEN", h.keys.events).int ?? 0
            return seen > 0
        }
        first.kill(SIGKILL)
        first.process.waitUntilExit()
        let atKill = try h.c.send("XLEN", h.keys.events).int ?? 0
        let left = try h.c.send("ZCARD", h.keys.due).int ?? 0
        #expect(atKill > 0, "the victim had started")
        let second = try h.startProcess(name: "survivor", offsetMs: after)
        #expect(eventually(timeout: 60) { try h.c.send("ZCARD", h.keys.due).int == 0 })
        #expect(eventually { try h.c.send("XLEN", h.keys.events).int == count })
        #expect(second.terminate() == 0)
        let ids = try h.events().compactMap { $0["id"]?.stringValue }
        #expect(ids.count == count && Set(ids).count == count, "every step announced exactly once")
        #expect(try h.c.send("XLEN", h.keys.notificationQueue).int == count)
        print("killed after \(atKill) of \(count) steps (\(left) still due); the survivor did the rest")
    }

    func vtctl(_ h: QualificationHarness, _ arguments: [String]) throws -> (code: Int32, out: String) { try h.env.runVtctl(arguments) }

    @Test func vtctl_appliesReviewsDecidesListsAndShowsWhatExpires() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        try h.certify("inst-cli")
        try h.addReviewer("zhang")
        let worker = try h.startProcess(name: "cli")
        defer { _ = worker.terminate() }
        let until = LocalDate.chinaToday(now: Date()).adding(days: 20)
        let file = h.env.directory.appendingPathComponent("application.json")
        try ApplicationRequest(applicationId: "app-cli", institutionId: "inst-cli", departmentId: "430100",
                               items: [Q.electrician, Q.cuisine(until)]).json.jsonString.write(to: file, atomically: true, encoding: .utf8)
        let applied = try vtctl(h, ["qualification", "apply", "--file", file.path])
        #expect(applied.code == 0 && applied.out.contains("pending_review"), "\(applied.out)")
        let reviews = try vtctl(h, ["review", "list", "--kind", "qualification", "--department", "430100"])
        #expect(reviews.out.contains("app-cli") && reviews.out.contains("electrician:junior"), "\(reviews.out)")
        let decided = try vtctl(h, ["review", "decide", "--kind", "qualification", "--application", "app-cli", "--revision", "1",
                                    "--reviewer", "zhang", "--department", "430100", "--decision", "approve"])
        #expect(decided.code == 0 && decided.out.contains("approved"), "\(decided.out)")
        let again = try vtctl(h, ["review", "decide", "--kind", "qualification", "--application", "app-cli", "--revision", "1",
                                  "--reviewer", "zhang", "--department", "430100", "--decision", "reject", "--reason", "晚了"])
        #expect(again.code == 3 && again.out.contains("already_decided"), "\(again.out)")
        let list = try vtctl(h, ["qualification", "list", "--institution", "inst-cli"])
        #expect(list.out.contains("hunan-cuisine") && list.out.contains(until.description) && list.out.contains("active"), "\(list.out)")
        let soon = try vtctl(h, ["--json", "qualification", "expiring", "--within", "30d", "--department", "430100"])
        #expect(soon.out.contains(#""occupation":"hunan-cuisine""#) && !soon.out.contains("electrician"), "\(soon.out)")
        #expect(try vtctl(h, ["qualification", "expiring", "--within", "30d", "--department", "430200"]).out.contains("nothing expires"))
        #expect(try vtctl(h, ["qualification", "expiring", "--within", "10d"]).out.contains("nothing expires"))
    }
}
