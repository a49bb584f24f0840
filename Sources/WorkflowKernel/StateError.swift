/// Stored state that cannot be read (changed by hand): the job fails and is retried, then dead.
public struct StateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
