import CHiredis
#if canImport(Glibc)
import Glibc
#endif

/// One synchronous connection to Redis over hiredis. The only file that touches the C library.
///
/// A hiredis context is not thread-safe: a connection belongs to one thread at a time. Calls block
/// the calling thread, so run them on a thread of your own, never on Swift concurrency's pool.
/// Any I/O failure closes the connection and throws; `reconnect` opens a new one.
// @unchecked: wraps a C pointer; ownership passes between threads, never shared by two at once.
public final class RedisConnection: @unchecked Sendable {
    public let configuration: RedisConfiguration
    /// Optional `CLIENT SETNAME` sent on every (re)connect, so `CLIENT LIST` tells who is who.
    public let clientName: String?
    private var context: UnsafeMutablePointer<redisContext>?
    /// How many times this connection was re-established after the first connect.
    public private(set) var reconnectCount = 0

    /// Connects, authenticates and selects the database.
    public init(_ configuration: RedisConfiguration, clientName: String? = nil) throws(RedisError) {
        self.configuration = configuration
        self.clientName = clientName
        try open()
    }

    /// A connection that is not open: every command throws `.connection` until ``reconnect(maxDelayMs:attempts:shouldStop:)``
    /// opens it. For a tool whose command can do without Redis (vtctl's offline checks).
    public init(unconnected configuration: RedisConfiguration, clientName: String? = nil) {
        self.configuration = configuration
        self.clientName = clientName
    }

    deinit { close() }

    public var isConnected: Bool { context != nil }

    /// Closes the connection; later commands throw until `reconnect`.
    public func close() {
        if let context { redisFree(context) }
        context = nil
    }

    /// Sends one command and waits for its reply. Server error replies are thrown as `.server`.
    @discardableResult
    public func send(_ command: RedisCommand) throws(RedisError) -> RedisReply {
        let reply = try roundTrip(command)
        if case .error(let message) = reply { throw RedisError(.server, message) }
        return reply
    }

    /// Convenience: `send(RedisCommand(name, args...))`.
    @discardableResult
    public func send(_ name: String, _ arguments: any RedisArgument...) throws(RedisError) -> RedisReply {
        try send(RedisCommand(name, arguments))
    }

    /// Sends every command, then reads every reply: one round trip. Server errors stay in the array
    /// as `.error` replies, one per failed command; I/O errors throw and close the connection.
    public func pipeline(_ commands: [RedisCommand]) throws(RedisError) -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        let ctx = try connected()
        for command in commands {
            let status = command.withArgv { argc, argv, lengths in
                redisAppendCommandArgv(ctx, argc, argv, lengths)
            }
            if status != REDIS_OK { throw failure(ctx) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            if redisGetReply(ctx, &raw) != REDIS_OK || raw == nil { throw failure(ctx) }
            let reply = raw!.assumingMemoryBound(to: redisReply.self)
            defer { freeReplyObject(raw) }
            replies.append(Self.convert(reply))
        }
        return replies
    }

    /// Closes and opens the connection again, retrying with capped exponential backoff and jitter
    /// until it succeeds, `attempts` tries have failed, or `shouldStop` answers true (checked
    /// after each failed try). Returns whether it is connected.
    @discardableResult
    public func reconnect(maxDelayMs: Int = 2_000, attempts: Int = .max, shouldStop: () -> Bool = { false }) -> Bool {
        close()
        var delayMs = 50
        var tries = 0
        while true {
            do {
                try open()
                reconnectCount += 1
                return true
            } catch {
                tries += 1
                if tries >= attempts || shouldStop() { return false }
                let jittered = delayMs / 2 + Int.random(in: 0...max(1, delayMs / 2))
                usleep(useconds_t(jittered * 1_000))
                delayMs = min(maxDelayMs, delayMs * 2)
            }
        }
    }

    // MARK: - hiredis

    private func open() throws(RedisError) {
        close()
        let config = configuration
        guard let ctx = redisConnectWithTimeout(config.host, Int32(config.port), Self.timeval(ms: config.connectTimeoutMs)) else {
            throw RedisError(.connection, "cannot allocate a hiredis context")
        }
        if ctx.pointee.err != 0 {
            let error = failure(ctx, closing: false)
            redisFree(ctx)
            throw RedisError(error.kind, "connect to \(config.host):\(config.port): \(error.message)")
        }
        redisSetTimeout(ctx, Self.timeval(ms: config.commandTimeoutMs))
        redisEnableKeepAlive(ctx)
        context = ctx
        do {
            if let password = config.password {
                if let user = config.user {
                    try send("AUTH", user, password)
                } else {
                    try send("AUTH", password)
                }
            }
            if config.database != 0 { try send("SELECT", config.database) }
            if let clientName { try send("CLIENT", "SETNAME", clientName) }
        } catch {
            close()
            if error.kind == .server { throw RedisError(.authentication, error.message) }
            throw error
        }
    }

    private func connected() throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        guard let context else { throw RedisError(.connection, "not connected to \(configuration.host):\(configuration.port)") }
        return context
    }

    private func roundTrip(_ command: RedisCommand) throws(RedisError) -> RedisReply {
        let ctx = try connected()
        let raw = command.withArgv { argc, argv, lengths in redisCommandArgv(ctx, argc, argv, lengths) }
        guard let raw else { throw failure(ctx) }
        defer { freeReplyObject(raw) }
        return Self.convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Reads the context's error, closes the connection (the context is unusable after any error).
    private func failure(_ ctx: UnsafeMutablePointer<redisContext>, closing: Bool = true) -> RedisError {
        let savedErrno = errno
        let code = ctx.pointee.err
        let text = withUnsafeBytes(of: ctx.pointee.errstr) { buffer in
            String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if closing { close() }
        if code == REDIS_ERR_IO && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK || savedErrno == ETIMEDOUT || text.contains("timed out")) {
            return RedisError(.timeout, text.isEmpty ? "timed out" : text)
        }
        if code == REDIS_ERR_EOF { return RedisError(.connection, "server closed the connection") }
        return RedisError(.connection, text.isEmpty ? "hiredis error \(code)" : text)
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            guard let str = r.str else { return .bulk([]) }
            return .bulk(Array(UnsafeRawBufferPointer(start: str, count: Int(r.len))))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(r.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_STATUS:
            return .status(r.str.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(r.len)), as: UTF8.self) } ?? "")
        case REDIS_REPLY_ERROR:
            return .error(r.str.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(r.len)), as: UTF8.self) } ?? "")
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(Int(r.elements))
            for i in 0..<Int(r.elements) {
                if let element = r.element[i] { elements.append(convert(element)) } else { elements.append(.null) }
            }
            return .array(elements)
        default:
            return .error("unsupported reply type \(r.type)")
        }
    }

    private static func timeval(ms: Int) -> Glibc.timeval {
        Glibc.timeval(tv_sec: ms / 1_000, tv_usec: (ms % 1_000) * 1_000)
    }
}

extension RedisCommand {
    /// Calls `body` with argc/argv/argvlen pointing into the command's contiguous storage.
    func withArgv<R>(_ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R) -> R {
        storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            var pointers = [UnsafePointer<CChar>?](repeating: nil, count: lengths.count)
            var offset = 0
            for (i, length) in lengths.enumerated() {
                pointers[i] = (base + offset).assumingMemoryBound(to: CChar.self)
                offset += length
            }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { lens in
                    body(Int32(lengths.count), argv.baseAddress!, lens.baseAddress!)
                }
            }
        }
    }
}
