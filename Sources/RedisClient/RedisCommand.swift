/// One command as an argument vector, stored contiguously so it reaches hiredis without copies per argument.
/// Binary-safe: an argument may hold any bytes. Two commands are equal when their arguments are
/// (so a batch's identical reads can be sent once).
public struct RedisCommand: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var lengths: [Int] = []

    public init(_ name: String, _ arguments: [any RedisArgument] = []) {
        storage.reserveCapacity(64)
        lengths.reserveCapacity(arguments.count + 1)
        append(name)
        for argument in arguments { argument.append(to: &self) }
    }

    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.init(name, arguments)
    }

    /// Appends one argument given as text.
    @inlinable
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { storage.append(contentsOf: $0) }
        lengths.append(text.utf8.count)
    }

    /// Appends one argument given as bytes.
    @inlinable
    public mutating func append(bytes: some Collection<UInt8>) {
        storage.append(contentsOf: bytes)
        lengths.append(bytes.count)
    }

    /// Appends one argument written in place by `write` (which appends its bytes, and nothing
    /// else, to the command's storage): no intermediate array for each of many built arguments.
    @inlinable
    public mutating func appendArgument(_ write: (inout [UInt8]) -> Void) {
        let before = storage.count
        write(&storage)
        lengths.append(storage.count - before)
    }

    /// Appends one integer argument in decimal.
    @inlinable
    public mutating func append(_ value: Int) { append(String(value)) }

    /// `HSET key field value …` of these pairs, in order.
    public static func hset(_ key: String, _ fields: some Sequence<(String, String)>) -> RedisCommand {
        var command = RedisCommand("HSET", key)
        for (field, value) in fields {
            command.append(field)
            command.append(value)
        }
        return command
    }

    /// Appends every argument in order.
    public mutating func append(contentsOf arguments: [any RedisArgument]) {
        for argument in arguments { argument.append(to: &self) }
    }

    /// Appends every argument of `other` (its name included, unless dropped) as plain arguments.
    public mutating func append(argumentsOf other: RedisCommand, droppingFirst: Int = 0) {
        var offset = 0
        for (i, length) in other.lengths.enumerated() {
            if i >= droppingFirst { append(bytes: other.storage[offset..<offset + length]) }
            offset += length
        }
    }

    /// Number of arguments including the command name.
    public var count: Int { lengths.count }

    /// The arguments as texts (for tests and logs; lossy for binary arguments).
    public var arguments: [String] {
        var out: [String] = []
        var offset = 0
        for length in lengths {
            out.append(String(decoding: storage[offset..<offset + length], as: UTF8.self))
            offset += length
        }
        return out
    }

    /// The arguments as bytes (for tests of binary arguments).
    public var argumentBytes: [[UInt8]] {
        var out: [[UInt8]] = []
        var offset = 0
        for length in lengths {
            out.append(Array(storage[offset..<offset + length]))
            offset += length
        }
        return out
    }

    public var description: String { arguments.joined(separator: " ") }

    /// Hashes the argument bytes in one piece (byte by byte is several times slower).
    public func hash(into hasher: inout Hasher) {
        storage.withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(lengths.count)
    }
}

/// Something that can be an argument of a `RedisCommand`.
public protocol RedisArgument: Sendable {
    func append(to command: inout RedisCommand)
}

extension String: RedisArgument {
    public func append(to command: inout RedisCommand) { command.append(self) }
}

extension Substring: RedisArgument {
    public func append(to command: inout RedisCommand) { command.append(String(self)) }
}

extension Int: RedisArgument {
    public func append(to command: inout RedisCommand) { command.append(self) }
}

extension Array: RedisArgument where Element == UInt8 {
    public func append(to command: inout RedisCommand) { command.append(bytes: self) }
}
