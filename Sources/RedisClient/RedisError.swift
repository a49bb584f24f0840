/// Every failure of the Redis client, as a value. The client never traps on I/O or on a reply.
public struct RedisError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, coarse enough to decide what to do about it.
    public enum Kind: String, Sendable {
        /// The connection could not be made or was lost (I/O error, EOF, refused). Reconnect and retry.
        case connection
        /// A connect or command timeout expired. The connection is unusable; reconnect.
        case timeout
        /// Redis answered with an error reply (`-ERR …`, `-NOSCRIPT …`, `-WRONGTYPE …`). The connection is fine.
        case server
        /// AUTH or SELECT was refused while connecting.
        case authentication
        /// A reply had a shape the caller did not expect.
        case unexpectedReply
        /// The URL or configuration is invalid.
        case configuration
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// True when the connection is gone and a new one is needed (connection lost or timed out).
    public var breaksConnection: Bool { kind == .connection || kind == .timeout }

    public var description: String { "redis \(kind.rawValue): \(message)" }
}
