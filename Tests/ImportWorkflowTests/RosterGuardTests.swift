import ImportScan
import ImportWorkflow
@testable import JobQueue
import RedisClient
import Testing

/// An import decided on an empty roster commits by RENAMEing its staged set onto the roster; if
/// another import filled the roster in between, the class's `rosterVersion` guard fails, the
/// RENAME is never reached and the other import's students stay (docs/import-staging.md).
@Suite struct RosterGuardTests {
    @Test func commitDecidedOnAnEmptyRoster_afterAnotherImport_losesItsGuard_andOverwritesNothing() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        try ImportWorkerTests.upload(h, "upload:a", ImportWorkerTests.header + "1,张三,男,\(IDs.male(1)),13800138000,其他\n")
        try ImportWorkerTests.upload(h, "upload:b", ImportWorkerTests.header + "1,李四,男,\(IDs.male(2)),13800138001,其他\n")
        // The delivery is a pending entry of a stream of its own (the worker consumes only `import`),
        // so that its commit's XACK would succeed: only the guards can stop it.
        let stream = h.env.keys.queue("race")
        _ = try h.c.send("XGROUP", "CREATE", stream, h.env.keys.group("race"), "$", "MKSTREAM").throwingServerError()
        let entryId = try #require(try h.c.send("XADD", stream, "*", "job", "{}").string)
        _ = try h.c.send("XREADGROUP", "GROUP", h.env.keys.group("race"), "host-1", "STREAMS", stream, ">").throwingServerError()
        let request = ImportRequest(importId: "imp-a", institutionId: "inst-1", classId: "class-1", source: .redisKey("upload:a"), format: "csv")
        let job = Job(envelope: JobEnvelope(id: "race", type: ImportPayload.type, createdAt: "2026-11-29T04:00:00Z", payload: request.json),
                      queue: "race", entryId: entryId, attempt: 1)
        let context = JobContext(clock: ManualClock(nowMs: ClassWorkerTests.startMs), keys: h.env.keys,
                                 logger: Logger(component: "test", level: .error), worker: "host-1", metrics: Metrics(), connection: h.c,
                                 beforeRead: {}, openScratch: { try h.env.server.connect() })
        let decided = try ImportHandler(limits: ImportLimits(maxBytes: 4_096, maxRows: 10)).handle(job, context: context)
        #expect(decided.outcome == "imported")
        #expect(decided.guards.contains(Guard(key: h.keys.classRecord("class-1"), field: "rosterVersion", expected: "")))

        // Another import commits first: the roster is no longer empty, and its version moved on.
        #expect(try ImportWorkerTests.importFile(h, "imp-b", key: "upload:b")["outcome"] == "imported")
        let finisher = JobFinisher(keys: h.env.keys, queue: "race", worker: "host-1", resultTTLSeconds: 60)
        let reply = try h.c.send(finisher.commitCommand(job: job, outcome: decided, nowMs: ClassWorkerTests.startMs, on: h.c))
        #expect(reply == .integer(-1))
        #expect(Set((try h.c.send("HKEYS", h.keys.students("class-1")).array ?? []).compactMap(\.string)) == [IDs.male(2)])
        #expect(try h.c.send("EXISTS", h.keys.report("imp-a"), h.env.keys.result("race")).int == 0)
    }
}
