/// A queue a worker consumes and the handlers of its message types.
public struct QueueSpec: Sendable {
    public let name: String
    public let handlers: [String: any JobHandler]

    public init(name: String, handlers: [String: any JobHandler]) {
        self.name = name
        self.handlers = handlers
    }
}
