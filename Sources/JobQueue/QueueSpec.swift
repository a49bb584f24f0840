/// A queue a worker consumes and the handlers of its message types.
public struct QueueSpec: Sendable {
    public let name: String
    public let handlers: [String: any JobHandler]

    public init(name: String, handlers: [String: any JobHandler]) {
        self.name = name
        self.handlers = handlers
    }
}

/// The contract's message types and the queue each belongs to: how a job on the wrong queue is
/// told apart from a job of an unknown type.
public enum ContractTypes {
    public static let queueOfType: [String: String] = [
        "certification.submitted": "certification",
        "certification.decided": "certification",
        "qualification.applied": "qualification",
        "qualification.decided": "qualification",
        "class.created": "import",
        "class.tasksPublished": "import",
        "import.requested": "import",
        "notification.requested": "notification",
    ]
}
