/// Where message types belong: message type → the queue that takes it. A worker consults it
/// only for a job whose type its own queue has no handler for, to tell a job sent to the wrong
/// queue (`wrong_queue`) from one of a type nobody knows (`unknown_type`). The runtime names no
/// message type itself: the executables pass the wire contract's directory in.
public struct MessageDirectory: Sendable, Equatable {
    /// Message type → queue name.
    public let queueOfType: [String: String]

    /// A directory of `queueOfType` (type → queue); empty: every type without a handler is unknown.
    public init(_ queueOfType: [String: String] = [:]) {
        self.queueOfType = queueOfType
    }

    /// The queue `type` belongs on, if the directory knows it.
    public func queue(of type: String) -> String? { queueOfType[type] }

    /// The dead-letter outcome code and message for a job of `type` on the queue `consumed`,
    /// which has no handler for it: `wrong_queue` when the directory places the type somewhere,
    /// else `unknown_type`.
    public func refusal(type: String, on consumed: String) -> (code: String, message: String) {
        guard let owner = queue(of: type) else { return ("unknown_type", "unknown message type \(type)") }
        return ("wrong_queue", "\(type) belongs on the \(owner) queue, not \(consumed)")
    }
}
