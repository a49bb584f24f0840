import JobQueue
import RedisClient
import Testing
import WorkflowKernel

/// The tail every workflow's writes end with, and the ids derived from a job.
@Suite struct WorkflowEffectsTests {
    let effects = WorkflowEffects(keys: QueueKeys(prefix: "vt"), producer: "some-worker")

    func job(_ id: String, trace: String? = "trace-1", producer: String? = "platform") -> Job {
        let envelope = JobEnvelope(id: id, type: "x.y", createdAt: "2026-12-01T00:00:00Z", producer: producer, traceId: trace, payload: [:])
        return Job(envelope: envelope, queue: "q", entryId: "1-0", attempt: 1)
    }

    @Test func tail_writesAuditThenNotificationThenEvent_stampedWithTheJob() throws {
        let commands = effects.tail(audit: AuditEntry(action: "created", actor: "institution:i-1", revision: 2, atMs: 1_000),
                                    to: "vt:audit:class:c-1",
                                    notification: NotificationRequest(institutionId: "i-1", template: "class.created", params: ["title": "t"]),
                                    event: DomainEvent(type: "class.created", payload: ["classId": "c-1"]), job: job("job-7"), nowMs: 5_000)
        #expect(commands.map { Array($0.arguments.prefix(2)) } == [["XADD", "vt:audit:class:c-1"], ["XADD", "vt:queue:notification"], ["XADD", "vt:events"]])
        let audit = commands[0].arguments
        #expect(audit[2] == "*", "audit entries are appended untrimmed")
        #expect(audit.contains("job-7") && audit.contains("trace-1") && audit.contains("platform"))
        let notification = try JSONValue.parse(commands[1].arguments[4])
        #expect(notification["id"]?.stringValue == "notif-job-7")
        #expect(notification["producer"]?.stringValue == "some-worker", "the producer is the workflow's worker, not a default")
        #expect(commands[2].arguments.prefix(5) == ["XADD", "vt:events", "MAXLEN", "~", String(WorkflowEffects.eventsMaxLength)])
        let event = try JSONValue.parse(commands[2].arguments[7])
        #expect(event["id"]?.stringValue == "evt-job-7" && event["jobId"]?.stringValue == "job-7" && event["traceId"]?.stringValue == "trace-1")
        #expect(event["occurredAt"]?.stringValue == "1970-01-01T00:00:05.000Z")
    }

    @Test func event_withoutATrace_writesANullTraceId() throws {
        let command = effects.event(DomainEvent(type: "a.b", payload: [:]), job: job("j", trace: nil), nowMs: 0)
        #expect(try JSONValue.parse(command.arguments[7])["traceId"] == .null)
    }

    @Test func notificationId_ofALongJobId_isShortenedWithAStableHash() {
        let id = NotificationRequest.notificationId(forJob: String(repeating: "x", count: 80))
        // FNV-1a 64 of 80 × "x", computed independently (Python).
        #expect(id == "notif-" + String(repeating: "x", count: 41) + "-6adea74572a74465")
        #expect(id.utf8.count <= 64)
        #expect(NotificationRequest.notificationId(forJob: "short") == "notif-short")
    }

    @Test func shortID_padsOnlyWhenAsked() {
        #expect(ShortID.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(ShortID.hex("x", padded: true).count == 16)
        #expect(ShortID.hex(String(repeating: "x", count: 80), padded: false) == "6adea74572a74465")
    }
}
