import JobQueue
import Testing
@testable import vtctl

/// The operators' command lines, parsed without running anything.
@Suite struct OperatorCommandTests {
    @Test func statsAndWorkers_coverEveryQueueUnlessOneIsNamed() throws {
        #expect(try parseCommand("stats") == .ops(.stats(queues: OperatorCommand.allQueues)))
        #expect(try parseCommand("stats --queue import") == .ops(.stats(queues: ["import"])))
        #expect(try parseCommand("workers --queue certification --json") == .ops(.workers(queues: ["certification"])))
        #expect(usageError("stats --queue nope")?.hasPrefix("unknown queue nope") == true)
    }

    @Test func dead_subcommands_parse() throws {
        #expect(try parseCommand("dead list certification") == .ops(.deadList(queue: "certification", count: 20)))
        #expect(try parseCommand("dead list certification --count 5") == .ops(.deadList(queue: "certification", count: 5)))
        #expect(try parseCommand("dead show import 1-0") == .ops(.deadShow(queue: "import", entryId: "1-0")))
        #expect(try parseCommand("dead retry import 1-0 2-0") == .ops(.deadRetry(queue: "import", entryIds: ["1-0", "2-0"])))
        #expect(try parseCommand("dead retry import --all") == .ops(.deadRetry(queue: "import", entryIds: nil)))
        #expect(try parseCommand("dead purge notification --all") == .ops(.deadPurge(queue: "notification", entryIds: nil)))
        #expect(usageError("dead retry import") == "dead retry: give entry ids or --all (not both)")
        #expect(usageError("dead retry import 1-0 --all") == "dead retry: give entry ids or --all (not both)")
        #expect(usageError("dead list") == "QUEUE is required")
        #expect(usageError("dead list import --count 0") == "--count must be a positive number")
    }

    @Test func historyEntry_isOneLine_timeEventThenSortedDetails() {
        let line = OperatorCommand.describe(["at": "2026-11-29T10:00:00.000Z", "event": "retry_scheduled",
                                             "attempt": 2, "error": "timeout", "dueAt": "2026-11-29T10:00:04.000Z"])
        #expect(line.hasPrefix("2026-11-29T10:00:00.000Z"))
        #expect(line.contains("retry_scheduled"))
        #expect(line.hasSuffix("attempt=2 dueAt=2026-11-29T10:00:04.000Z error=timeout"))
    }

    @Test func jobShow_takesTheJobId() throws {
        #expect(try parseCommand("job show job-1") == .ops(.jobShow(jobId: "job-1")))
        #expect(usageError("job show") == "JOB_ID is required")
    }
}

@Suite struct EnqueueCommandTests {
    @Test func enqueue_parsesTypeFileAndWait() throws {
        #expect(try parseCommand("enqueue --type certification.submitted --json f.json") ==
                .enqueue(.init(type: "certification.submitted", file: "f.json", wait: false, timeoutSeconds: Invocation.defaultTimeoutSeconds)))
        #expect(try parseCommand("--json enqueue --type notification.requested --json - --wait --timeout 5") ==
                .enqueue(.init(type: "notification.requested", file: "-", wait: true, timeoutSeconds: 5)))
        #expect(throws: UsageError.self) { try parseCommand("enqueue --type nope.type --json f.json") }
        #expect(throws: UsageError.self) { try parseCommand("enqueue --json f.json") }
    }

    @Test func payloadErrors_comeFromTheWorkersDecoders() throws {
        let bad: JSONValue = ["institutionId": "inst-1", "name": "x", "contactPhone": "12345"]
        let errors = try #require(EnqueueCommand.payloadErrors(type: "certification.submitted", payload: bad))
        #expect(errors.contains { $0.field == "payload.contactPhone" })
        #expect(errors.contains { $0.field == "payload.licenseNumber" && $0.code == "field.required" })
        let notification: JSONValue = ["notificationId": "n-1", "institutionId": "inst-1", "template": "certification.approved",
                                       "params": ["institutionName": "学校", "revision": 1]]
        #expect(EnqueueCommand.payloadErrors(type: "notification.requested", payload: notification) == [])
        let noLocation: JSONValue = ["classId": "c-1", "institutionId": "inst-1", "name": "电工班", "occupation": "electrician",
                                     "level": "junior", "plannedSize": 30]
        #expect(EnqueueCommand.payloadErrors(type: "class.created", payload: noLocation)?.map(\.field) == ["payload.location"])
        #expect(EnqueueCommand.payloadErrors(type: "class.tasksPublished", payload: ["classId": "c-1", "institutionId": "inst-1"]) == [])
        #expect(EnqueueCommand.payloadErrors(type: "import.requested", payload: ["importId": "i-1", "institutionId": "inst-1", "classId": "c-1",
                                                                                 "source": ["path": "relative.csv"]])?.map(\.field) == ["payload.source.path"])
    }
}
