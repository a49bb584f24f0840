import JobQueue
import Testing

/// How a worker names the dead letter of a job its queue has no handler for.
@Suite struct MessageDirectoryTests {
    let directory = MessageDirectory(["orders.placed": "orders", "mail.requested": "mail"])

    @Test func typeOfAnotherQueue_isWrongQueue_namingBothQueues() {
        let refusal = directory.refusal(type: "orders.placed", on: "mail")
        #expect(refusal.code == "wrong_queue")
        #expect(refusal.message == "orders.placed belongs on the orders queue, not mail")
    }

    @Test func typeTheDirectoryDoesNotKnow_isUnknownType() {
        let refusal = directory.refusal(type: "nobody.knows", on: "mail")
        #expect(refusal.code == "unknown_type")
        #expect(refusal.message == "unknown message type nobody.knows")
    }

    @Test func emptyDirectory_knowsNoType() {
        #expect(MessageDirectory().refusal(type: "orders.placed", on: "mail").code == "unknown_type")
        #expect(MessageDirectory().queue(of: "orders.placed") == nil)
        #expect(directory.queue(of: "mail.requested") == "mail")
    }
}
