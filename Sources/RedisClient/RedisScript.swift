import Synchronization

/// A Lua script run with EVALSHA. The SHA-1 is learned from `SCRIPT LOAD` once per process and
/// reloaded when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH).
public struct RedisScript: Sendable {
    public let name: String
    public let source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// Process-wide cache of script digests, keyed by source text (the digest depends only on it).
enum ScriptDigests {
    static let cache = Mutex<[String: String]>([:])
}

extension RedisConnection {
    /// The digest of `script`, loading it into the server if this process hasn't yet.
    public func digest(of script: RedisScript) throws(RedisError) -> String {
        if let sha = ScriptDigests.cache.withLock({ $0[script.source] }) { return sha }
        return try load(script)
    }

    /// Loads `script` into the server (SCRIPT LOAD) and caches its digest.
    @discardableResult
    public func load(_ script: RedisScript) throws(RedisError) -> String {
        guard let sha = try send("SCRIPT", "LOAD", script.source).string else {
            throw RedisError(.unexpectedReply, "SCRIPT LOAD of \(script.name) returned no digest")
        }
        ScriptDigests.cache.withLock { $0[script.source] = sha }
        return sha
    }

    /// An EVALSHA command for a pipeline. If its reply is a NOSCRIPT error, call `load` and resend.
    public func evalCommand(_ script: RedisScript, keys: [String], arguments: [any RedisArgument]) throws(RedisError) -> RedisCommand {
        var command = RedisCommand("EVALSHA", try digest(of: script), keys.count)
        for key in keys { command.append(key) }
        command.append(contentsOf: arguments)
        return command
    }

    /// Runs `script` and returns its reply, reloading it once on NOSCRIPT. Script errors throw `.server`.
    @discardableResult
    public func eval(_ script: RedisScript, keys: [String], arguments: [any RedisArgument]) throws(RedisError) -> RedisReply {
        do {
            return try send(evalCommand(script, keys: keys, arguments: arguments))
        } catch where error.kind == .server && error.message.hasPrefix("NOSCRIPT") {
            try load(script)
            return try send(evalCommand(script, keys: keys, arguments: arguments))
        }
    }
}

extension RedisReply {
    /// True for the NOSCRIPT error a pipelined EVALSHA gets when the server lost its script cache.
    public var isNoScript: Bool {
        if case .error(let message) = self { return message.hasPrefix("NOSCRIPT") }
        return false
    }
}
