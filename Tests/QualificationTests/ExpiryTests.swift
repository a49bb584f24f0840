import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import Synchronization
import TestSupport
import Testing
import TrainingDomain
import WorkflowKernel

/// Expiry tracking with in-process workers and a ManualClock: reminders, the expiry at the end of
/// the day, renewal, catch-up, several sweepers, and the cost of a sweep.
@Suite struct ExpiryTests {
    /// A certified institution with `items` applied for and approved at the harness's start time.
    func approved(_ h: QualificationHarness, _ id: String, _ items: [ApplicationItem], app: String) throws {
        try h.certify(id)
        let applied = try h.apply(app, institution: id, items: items)
        #expect(applied["outcome"] == "pending_review", "\(applied)")
        #expect(try h.decide(app, revision: Int(applied["revision"] ?? "1") ?? 1)["outcome"] == "approved")
    }

    func types(_ h: QualificationHarness) throws -> [String] {
        try h.events().compactMap { e in
            guard let t = e["type"]?.stringValue, t.hasPrefix("qualification.expir") else { return nil }
            return t == "qualification.expiring" ? "expiring-\(e["payload"]?["daysLeft"]?.intValue ?? 0)" : "expired"
        }
    }

    @Test func remindersAt30_7_1Days_thenExpiryAtTheEndOfTheDay_eachOnce() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        let clock = ManualClock(nowMs: QualificationHarness.startMs)
        let worker = try h.startWorker(clock: clock, sweepMs: 1_000)
        defer { worker.stop(); worker.waitUntilStopped() }
        try h.addReviewer("rev-1")
        let until = Q.date(60)
        try approved(h, "inst-e", [Q.electrician, Q.syb(until)], app: "app-e")
        let expireMs = ExpiryStep.expiryMs(until)
        var expected: [String] = []
        for (days, name) in [(30, "expiring-30"), (7, "expiring-7"), (1, "expiring-1"), (0, "expired")] {
            let due = expireMs - Int64(days) * ExpiryStep.dayMs
            clock.set(nowMs: due - 1)
            usleep(200_000)
            #expect(try types(h) == expected, "nothing before \(name) is due")
            clock.set(nowMs: due)
            expected.append(name)
            #expect(eventually { try types(h) == expected }, "\(name): got \((try? types(h)) ?? [])")
        }
        #expect(try !QualificationInspector.isActive(institutionId: "inst-e", occupation: "syb-entrepreneurship", level: .none, on: until.adding(days: 1), keys: h.keys, connection: h.c))
        #expect(try h.record("inst-e").items[Q.syb(until).key]?.status == .expired)
        #expect(try h.record("inst-e").items[Q.electrician.key]?.status == .active)
        #expect(try h.due().isEmpty)
        clock.advance(byMs: 10 * ExpiryStep.dayMs)
        usleep(300_000)
        #expect(try types(h) == expected, "announced once")
        let templates = try h.notifications().compactMap { $0.payload["template"]?.stringValue }.filter { $0.hasPrefix("qualification.expir") }
        #expect(templates == ["qualification.expiring", "qualification.expiring", "qualification.expiring", "qualification.expired"])
        #expect(try h.notifications().last?.payload["params"]?["body"]?.stringValue?.contains("已于\(until)到期") == true)
        // An expired item need not be listed again.
        #expect(try h.apply("app-e2", institution: "inst-e", items: [Q.electrician])["outcome"] == "pending_review")
    }

    @Test func renewal_cancelsTheOldStepsAndSchedulesNewOnes() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        let clock = ManualClock(nowMs: QualificationHarness.startMs)
        let worker = try h.startWorker(clock: clock, sweepMs: 1_000)
        defer { worker.stop(); worker.waitUntilStopped() }
        try h.addReviewer("rev-1")
        try approved(h, "inst-r", [Q.syb(Q.date(40))], app: "app-r1")
        #expect(try h.due().allSatisfy { $0.contains(Q.date(40).description) } && h.due().count == 4)
        #expect(try h.apply("app-r2", institution: "inst-r", items: [Q.syb(Q.date(400))])["outcome"] == "pending_review")
        #expect(try h.decide("app-r2", revision: 2)["outcome"] == "approved")
        #expect(try h.due().allSatisfy { $0.contains(Q.date(400).description) } && h.due().count == 4)
        clock.set(nowMs: ExpiryStep.expiryMs(Q.date(41)))
        usleep(400_000)
        #expect(try types(h).isEmpty, "no reminder of the renewed item")
        #expect(try QualificationInspector.isActive(institutionId: "inst-r", occupation: "syb-entrepreneurship", level: .none, on: Q.date(41), keys: h.keys, connection: h.c))
    }

    @Test func workerDownForDays_catchesUpOnStart() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        let clock = ManualClock(nowMs: QualificationHarness.startMs)
        var worker = try h.startWorker(clock: clock, sweepMs: 1_000)
        try h.addReviewer("rev-1")
        try approved(h, "inst-c", [Q.syb(Q.date(5)), Q.cuisine(Q.date(6))], app: "app-c")
        worker.stop(); worker.waitUntilStopped()
        clock.set(nowMs: ExpiryStep.expiryMs(Q.date(6)) + 3 * ExpiryStep.dayMs)
        worker = try h.startWorker(clock: clock, sweepMs: 1_000)
        defer { worker.stop(); worker.waitUntilStopped() }
        #expect(eventually { try types(h).filter { $0 == "expired" }.count == 2 })
        usleep(300_000)
        #expect(try types(h).sorted() == ["expired", "expired", "expiring-1", "expiring-1"])
        #expect(try h.record("inst-c").activeItems(on: Q.today).isEmpty)
    }

    /// Writes `count` approved items of one institution each valid until `until`, with their steps.
    static func seed(_ h: QualificationHarness, institution: String, count: Int, until: LocalDate, reminderDays: [Int] = [30, 7, 1]) throws {
        let keys = h.keys
        var commands: [RedisCommand] = []
        for i in 0..<count {
            let key = ItemKey(occupation: "occ-\(i)", level: .none)
            let item = ApprovedItem(key: key, validUntil: until, applicationId: "seed", approvedAtMs: 0)
            commands.append(RedisCommand("HSET", keys.state(institution), key.field, item.json.jsonString))
            var zadd = RedisCommand("ZADD", keys.due)
            for step in ExpiryStep.steps(institutionId: institution, key: key, validUntil: until, reminderDays: reminderDays) {
                zadd.append(String(step.dueMs))
                zadd.append(step.member)
            }
            commands.append(zadd)
            if commands.count >= 2_000 { for r in try h.c.pipeline(commands) { try r.throwingServerError() }; commands.removeAll() }
        }
        for r in try h.c.pipeline(commands) { try r.throwingServerError() }
    }

    @Test func threeSweepersAtOnce_eachStepAnnouncedExactlyOnce() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        try Self.seed(h, institution: "inst-m", count: 1_000, until: Q.date(2))
        let sweeper = ExpirySweeper(keys: h.keys, settings: QualificationSettings(sweepBatch: 50))
        let now = ExpiryStep.expiryMs(Q.date(2))
        let reports = Mutex<[ExpirySweeper.Report]>([])
        let server = h.env.server
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            guard let c = try? server.connect(), let report = try? sweeper.sweep(on: c, nowMs: now) else { return }
            reports.withLock { $0.append(report) }
        }
        let all = reports.withLock { $0 }
        #expect(all.count == 3)
        #expect(all.map(\.announced).reduce(0, +) == 4_000, "\(all)")
        let events = try h.events()
        #expect(events.count == 4_000)
        #expect(Set(events.compactMap { $0["id"]?.stringValue }).count == 4_000, "no step announced twice")
        #expect(try h.c.send("XLEN", h.keys.notificationQueue).int == 4_000)
        #expect(try h.due().isEmpty)
    }

    @Test func sweepExaminesOnlyWhatIsDue_100kTrackedItems3Due() throws {
        let h = try QualificationHarness()
        defer { h.stop() }
        try Self.seed(h, institution: "inst-big", count: 25_000, until: Q.date(400))  // 100,000 future steps
        try Self.seed(h, institution: "inst-due", count: 3, until: Q.date(2), reminderDays: [])
        #expect(try h.c.send("ZCARD", h.keys.due).int == 100_003)
        let report = try ExpirySweeper(keys: h.keys).sweep(on: h.c, nowMs: ExpiryStep.expiryMs(Q.date(2)))
        #expect(report.examined == 3 && report.announced == 3, "\(report)")
        #expect(try h.c.send("ZCARD", h.keys.due).int == 100_000)
        #expect(try ExpirySweeper(keys: h.keys).sweep(on: h.c, nowMs: ExpiryStep.expiryMs(Q.date(2))).examined == 0)
    }
}
