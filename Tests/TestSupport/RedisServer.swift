import Foundation
import RedisClient
#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` started for a test on a free port, in a temporary directory, with AOF on.
/// Stopped (and its directory removed) by `stop()`; `restart()` keeps the data directory.
public final class RedisServer: @unchecked Sendable {
    // @unchecked: the Process handle is only touched by the test that owns this server.
    public let port: Int
    public let directory: URL
    public let password: String?
    private var process: Process?

    public init(password: String? = nil, extraArguments: [String] = []) throws {
        self.port = try Self.freePort()
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.extraArguments = extraArguments
        try start()
    }

    private let extraArguments: [String]

    public var url: String {
        if let password { return "redis://:\(password)@127.0.0.1:\(port)/0" }
        return "redis://127.0.0.1:\(port)/0"
    }

    public var configuration: RedisConfiguration { try! RedisConfiguration(url: url) }

    /// A new connection to this server.
    public func connect() throws -> RedisConnection { try RedisConnection(configuration) }

    public func start() throws {
        let p = Process()
        p.executableURL = try Self.executable("redis-server")
        var args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
                    "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--daemonize", "no", "--logfile", directory.appendingPathComponent("redis.log").path]
        if let password { args += ["--requirepass", password] }
        p.arguments = args + extraArguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let c = try? connect(), (try? c.send("PING")) != nil { return }
            usleep(20_000)
        }
        throw RedisError(.connection, "redis-server on port \(port) did not start; see \(directory.path)/redis.log")
    }

    /// Stops the server with SHUTDOWN (Redis flushes its AOF) and waits for it to exit. Not with
    /// SIGTERM: a child started from a Swift test inherits a signal mask that blocks it.
    public func stopProcess() {
        guard let p = process, p.isRunning else { process = nil; return }
        if let c = try? connect() { _ = try? c.send("SHUTDOWN") }
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        while p.isRunning { usleep(10_000) }
        process = nil
    }

    /// Kills the server with SIGKILL (no chance to flush anything).
    public func killProcess() {
        guard let p = process, p.isRunning else { process = nil; return }
        kill(p.processIdentifier, SIGKILL)
        while p.isRunning { usleep(10_000) }
        process = nil
    }

    /// Stops and starts the server again on the same port with the same data.
    public func restart() throws {
        stopProcess()
        try start()
    }

    /// Stops the server and removes its directory.
    public func stop() {
        stopProcess()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    /// Finds an executable on PATH (and in /usr/sbin, /usr/bin for redis-server).
    public static func executable(_ name: String) throws -> URL {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/usr/sbin:/usr/local/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw RedisError(.configuration, "\(name) not found on PATH; install it (apt-get install -y redis-server)")
    }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RedisError(.connection, "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw RedisError(.connection, "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
