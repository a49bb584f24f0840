/// One queue of the wire contract: its name (the stream `{p}:queue:{name}`, consumed by the group
/// `{name}-workers`) and the message types a producer may put on it.
public struct ContractQueue: Sendable, Equatable {
    /// The queue's name, as in `{p}:queue:{name}` and `{p}:dead:{name}`.
    public let name: String
    /// The envelope `type`s this queue takes; each type belongs to exactly one queue.
    public let messageTypes: [String]

    public init(name: String, messageTypes: [String]) {
        self.name = name
        self.messageTypes = messageTypes
    }
}
