import CHiredis
import Synchronization
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
    /// `host:port` of the server connected to last (with Sentinels: the primary they named).
    public private(set) var address = ""
    /// The open socket and its server, for ``interrupt(unlessConnectedTo:)`` from other threads:
    /// set and cleared under the lock, so a socket is never shut down after it was freed.
    private let socket = Mutex<(fd: Int32, address: String)>((-1, ""))

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
        socket.withLock { open in
            open = (-1, "")
            if let context { redisFree(context) }
        }
        context = nil
    }

    /// The one call another thread may make on a connection: shuts its socket down, so the
    /// command in flight (an `XREADGROUP … BLOCK`) or the next one fails as a lost connection and
    /// the owner reconnects as it does after any. Nothing happens when it is connected to
    /// `address` (`host:port`) or not connected. Returns whether it shut the socket down.
    @discardableResult
    public func interrupt(unlessConnectedTo address: String? = nil) -> Bool {
        socket.withLock { open in
            guard open.fd >= 0, open.address != address else { return false }
            // The reading side only: a blocked read returns at once with end of file, and a write in
            // flight still completes (shutting the writing side would raise SIGPIPE).
            return shutdown(open.fd, Int32(SHUT_RD)) == 0
        }
    }

    /// On a connection that has sent `SUBSCRIBE`: the next message pushed to it, waiting at most
    /// `timeoutMs`; `nil` when none came in time (the connection stays usable). I/O errors throw
    /// and close it.
    public func nextMessage(timeoutMs: Int) throws(RedisError) -> RedisReply? {
        let ctx = try connected()
        var raw: UnsafeMutableRawPointer?
        if redisGetReplyFromReader(ctx, &raw) != REDIS_OK { throw failure(ctx) }
        if raw == nil {
            var ready = pollfd(fd: ctx.pointee.fd, events: Int16(POLLIN), revents: 0)
            let n = poll(&ready, 1, Int32(timeoutMs))
            if n == 0 || (n < 0 && errno == EINTR) { return nil }
            if n < 0 || redisBufferRead(ctx) != REDIS_OK { throw failure(ctx) }
            if redisGetReplyFromReader(ctx, &raw) != REDIS_OK { throw failure(ctx) }
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return Self.convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Sends one command and waits for its reply. Server error replies are thrown as `.server`.
    @discardableResult
    public func send(_ command: RedisCommand) throws(RedisError) -> RedisReply {
        let reply = try roundTrip(command)
        if case .error(let message) = reply {
            if reply.meansPrimaryMoved { throw primaryMoved(message) }
            throw RedisError(.server, message)
        }
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
        return try replies(commands.count)
    }

    /// Sends the buffer's commands as they are written, without waiting for a reply: read their
    /// replies with ``replies(_:)``, in order, before the connection is used otherwise (a writer
    /// that keeps Redis busy instead of waiting a round trip a command). Blocks while the socket
    /// is full (Redis behind). I/O errors throw and close the connection.
    public func write(_ buffer: RedisProtocolBuffer) throws(RedisError) {
        precondition(buffer.isComplete, "a command with arguments still missing")
        guard buffer.commands > 0 else { return }
        let ctx = try connected()
        let status = buffer.bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(ctx, $0.baseAddress, $0.count) }
        }
        if status != REDIS_OK { throw failure(ctx) }
        var done: Int32 = 0
        while done == 0 {
            if redisBufferWrite(ctx, &done) != REDIS_OK { throw failure(ctx) }
        }
    }

    /// The next `count` replies of commands sent by ``write(_:)``. Server errors stay in the array
    /// as `.error` replies; I/O errors throw and close the connection.
    public func replies(_ count: Int) throws(RedisError) -> [RedisReply] {
        let ctx = try connected()
        var replies: [RedisReply] = []
        replies.reserveCapacity(count)
        for _ in 0..<count {
            var raw: UnsafeMutableRawPointer?
            if redisGetReply(ctx, &raw) != REDIS_OK || raw == nil { throw failure(ctx) }
            defer { freeReplyObject(raw) }
            replies.append(Self.convert(raw!.assumingMemoryBound(to: redisReply.self)))
        }
        if let moved = replies.first(where: \.meansPrimaryMoved), case .error(let message) = moved { throw primaryMoved(message) }
        return replies
    }

    /// ``pipeline(_:)`` of commands written as the protocol's bytes: one round trip.
    public func pipeline(_ buffer: RedisProtocolBuffer) throws(RedisError) -> [RedisReply] {
        try write(buffer)
        return try replies(buffer.commands)
    }

    /// A replica answered (READONLY, MASTERDOWN): the connection is closed and the error breaks
    /// it, so the caller's reconnect finds the primary again (through the Sentinels, if any).
    private func primaryMoved(_ message: String) -> RedisError {
        close()
        return RedisError(.connection, "\(address) is no longer the primary: \(message)")
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
        var config = configuration
        if let sentinel = config.sentinel {
            let primary = try SentinelDiscovery.primary(of: sentinel, connectTimeoutMs: config.connectTimeoutMs, commandTimeoutMs: config.commandTimeoutMs)
            config.host = primary.host
            config.port = primary.port
        }
        address = "\(config.host):\(config.port)"
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
        socket.withLock { $0 = (ctx.pointee.fd, address) }
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
            if config.sentinel != nil { try verifyPrimary() }
        } catch {
            close()
            if error.kind == .server { throw RedisError(.authentication, error.message) }
            throw error
        }
    }

    /// With Sentinels: the server they named must say it is the primary (`ROLE`); right after a
    /// failover a Sentinel may still name the old one. Throws `.connection` so the reconnect asks again.
    private func verifyPrimary() throws(RedisError) {
        let role = try send("ROLE").array?.first?.string ?? "?"
        guard role == "master" else {
            throw RedisError(.connection, "\(address), named primary by the Sentinels, answers ROLE \(role)")
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
