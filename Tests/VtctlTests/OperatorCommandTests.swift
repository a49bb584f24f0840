import JobQueue
import Testing
import WireContract
@testable import vtctl

/// The operators' command lines (`stats`, `workers`, `job`, `dead`), parsed without running anything.
@Suite struct OperatorCommandTests {
    @Test func statsAndWorkers_coverEveryContractQueueUnlessOneIsNamed() throws {
        #expect(QueueNames.all == ["certification", "qualification", "import", "notification", "training", "subsidy"])
        #expect(try command("stats") == StatsCommand(queues: WireContract.queueNames))
        #expect(try command("stats --queue import") == StatsCommand(queues: ["import"]))
        #expect(try command("workers --queue certification --json") == WorkersCommand(queues: ["certification"]))
        #expect(try command("workers") == WorkersCommand(queues: QueueNames.all))
        #expect(usageError("stats --queue nope") == "unknown queue nope (certification, qualification, import, notification, training, subsidy)")
        #expect(try command("stats --queue test") == StatsCommand(queues: ["test"]))
    }

    @Test func dead_subcommands_parse() throws {
        #expect(try command("dead list certification") == DeadCommand.List(queue: "certification", count: 20))
        #expect(try command("dead list certification --count 5") == DeadCommand.List(queue: "certification", count: 5))
        #expect(try command("dead show import 1-0") == DeadCommand.Show(queue: "import", entryId: "1-0"))
        #expect(try command("dead retry import 1-0 2-0") == DeadCommand.Retry(queue: "import", entryIds: ["1-0", "2-0"]))
        #expect(try command("dead retry import --all") == DeadCommand.Retry(queue: "import", entryIds: nil))
        #expect(try command("dead purge notification --all") == DeadCommand.Purge(queue: "notification", entryIds: nil))
        #expect(usageError("dead retry import") == "dead retry: give entry ids or --all (not both)")
        #expect(usageError("dead retry import 1-0 --all") == "dead retry: give entry ids or --all (not both)")
        #expect(usageError("dead purge") == "dead purge needs QUEUE and ENTRY_ID… or --all")
        #expect(usageError("dead list") == "QUEUE is required")
        #expect(usageError("dead list import --count 0") == "--count must be a positive number")
        #expect(usageError("dead show nope 1-0")?.hasPrefix("unknown queue nope") == true)
        #expect(usageError("dead bury import") == "unknown subcommand dead bury (list, show, retry, purge)")
    }

    @Test func historyEntry_isOneLine_timeEventThenSortedDetails() {
        let line = JobCommand.describe(["at": "2026-11-29T10:00:00.000Z", "event": "retry_scheduled",
                                        "attempt": 2, "error": "timeout", "dueAt": "2026-11-29T10:00:04.000Z"])
        #expect(line.hasPrefix("2026-11-29T10:00:00.000Z"))
        #expect(line.contains("retry_scheduled"))
        #expect(line.hasSuffix("attempt=2 dueAt=2026-11-29T10:00:04.000Z error=timeout"))
    }

    @Test func jobShow_takesTheJobId() throws {
        #expect(try command("job show job-1") == JobCommand.Show(jobId: "job-1"))
        #expect(usageError("job show") == "JOB_ID is required")
        #expect(usageError("job") == "job: a subcommand is required")
    }
}

@Suite struct EnqueueCommandTests {
    @Test func enqueue_parsesTypeFileAndWait() throws {
        #expect(try command("enqueue --type certification.submitted --file f.json") ==
                EnqueueCommand(type: "certification.submitted", file: "f.json", wait: false, timeoutSeconds: Invocation.defaultTimeoutSeconds))
        let i = try parseInvocation("enqueue --type notification.requested --file - --wait --timeout 5 --json")
        #expect(i.command as? EnqueueCommand == EnqueueCommand(type: "notification.requested", file: "-", wait: true, timeoutSeconds: 5))
        #expect(i.global.json)
        #expect(usageError("enqueue --type nope.type --file f.json")?.hasPrefix("unknown type nope.type (certificate.requested, certification.decided, ") == true)
        #expect(usageError("enqueue --file f.json") == "--type is required")
        #expect(usageError("enqueue --type class.created") == "--file is required")
    }

    @Test func enqueue_takesEveryTypeOfTheContract_andNoOther() throws {
        for type in WireContract.queueOfType.keys {
            #expect(try command("enqueue --type \(type) --file f.json", as: EnqueueCommand.self)?.type == type)
        }
        #expect(usageError("enqueue --type test.count --file f.json") != nil)
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
