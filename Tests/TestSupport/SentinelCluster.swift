import Foundation
import RedisClient
#if canImport(Glibc)
import Glibc
#endif

/// A replicated Redis as production runs it: a primary, one or more replicas and three Sentinels (quorum 2),
/// every one a real process on a free port of 127.0.0.1, the data nodes with a password and the
/// Sentinels with one of their own. Sentinels run as `redis-server <conf> --sentinel`, so only the
/// `redis-server` package is needed. Fast timings: a primary silent for 1 s is down.
public final class SentinelCluster: @unchecked Sendable {
    // @unchecked: owned by one test, which starts and stops its processes from one thread.
    public static let masterName = "vtprimary"
    public let password: String
    public let sentinelPassword: String
    /// The data nodes, in start order: `nodes[0]` starts as the primary.
    public let nodes: [RedisServer]
    public let sentinels: [SentinelProcess]

    public init(replicas: Int = 1, downAfterMs: Int = 1_000) throws {
        password = "data-\(UInt32.random(in: 1...UInt32.max))"
        sentinelPassword = "sentinel-\(UInt32.random(in: 1...UInt32.max))"
        let primary = try RedisServer(password: password, extraArguments: ["--masterauth", password])
        var nodes = [primary]
        for _ in 0..<replicas {
            nodes.append(try RedisServer(password: password, extraArguments: ["--masterauth", password,
                                                                              "--replicaof", "127.0.0.1", String(primary.port)]))
        }
        self.nodes = nodes
        var sentinels: [SentinelProcess] = []
        for _ in 0..<3 {
            sentinels.append(try SentinelProcess(monitoring: primary.port, masterName: Self.masterName, dataPassword: password,
                                                 password: sentinelPassword, downAfterMs: downAfterMs))
        }
        self.sentinels = sentinels
        try waitUntilReady()
    }

    /// `host:port,host:port,host:port` of the Sentinels (`VT_REDIS_SENTINELS`).
    public var sentinelList: String { sentinels.map { "127.0.0.1:\($0.port)" }.joined(separator: ",") }

    /// A URL with the data nodes' password; its host and port are not used when Sentinels are.
    public var url: String { "redis://:\(password)@127.0.0.1:1/0" }

    /// The client configuration through the Sentinels.
    public var configuration: RedisConfiguration {
        try! RedisConfiguration(url: url, sentinels: sentinelList, masterName: Self.masterName, sentinelPassword: sentinelPassword)
    }

    /// The environment that points a worker, vtctl or vt-bench at this cluster.
    public var environment: [String: String] {
        ["VT_REDIS_URL": url, "VT_REDIS_SENTINELS": sentinelList, "VT_REDIS_MASTER_NAME": Self.masterName,
         "VT_REDIS_SENTINEL_PASSWORD": sentinelPassword]
    }

    /// A connection to whichever node is the primary now.
    public func connect() throws -> RedisConnection { try RedisConnection(configuration) }

    /// The node the Sentinels name as primary now (`nil` while none is named or on error).
    public var primaryPort: Int? {
        guard let c = try? sentinels[0].connect(),
              let reply = try? c.send("SENTINEL", "get-master-addr-by-name", Self.masterName) else { return nil }
        return reply.array?.last?.int
    }

    /// The data node on `port`.
    public func node(port: Int) -> RedisServer? { nodes.first { $0.port == port } }

    /// `ROLE` of the node (`master`, `slave`), `nil` when it does not answer.
    public func role(of node: RedisServer) -> String? {
        guard let c = try? node.connect() else { return nil }
        return (try? c.send("ROLE"))?.array?.first?.string
    }

    /// Waits until every Sentinel names the primary, knows the two other Sentinels and the replica,
    /// and the replicas are in sync: only then can a failover happen.
    public func waitUntilReady(timeout: Double = 30) throws {
        let primaryPort = nodes[0].port
        let ready = eventually(timeout: timeout) {
            for s in sentinels {
                let c = try s.connect()
                guard try c.send("SENTINEL", "get-master-addr-by-name", Self.masterName).array?.last?.int == primaryPort,
                      try c.send("SENTINEL", "sentinels", Self.masterName).array?.count == 2,
                      try c.send("SENTINEL", "replicas", Self.masterName).array?.count == nodes.count - 1 else { return false }
            }
            return try nodes.dropFirst().allSatisfy { (try $0.connect().send("INFO", "replication").string ?? "").contains("master_link_status:up") }
        }
        guard ready else { throw RedisError(.connection, "the Sentinel cluster did not become ready; logs in \(sentinels[0].directory.path)") }
    }

    /// Waits until every node but the primary the Sentinels name is a replica of it with its link up
    /// (its full sync done). Only then does a second failure lose nothing a replica acknowledged:
    /// a replica still loading its full sync holds old data, and Sentinel may promote it.
    public func waitUntilInSync(timeout: Double = 60) -> Bool {
        eventually(timeout: timeout) {
            guard let port = primaryPort else { return false }
            return try nodes.filter { $0.port != port }.allSatisfy { node in
                let info = try node.connect().send("INFO", "replication").string ?? ""
                return info.contains("role:slave") && info.contains("master_port:\(port)\r") && info.contains("master_link_status:up")
            }
        }
    }

    /// Waits until the Sentinels name a primary other than `oldPort` and it answers ROLE master.
    /// Returns the new primary's port.
    public func waitForFailover(from oldPort: Int, timeout: Double = 30) -> Int? {
        var found: Int?
        _ = eventually(timeout: timeout) {
            guard let port = primaryPort, port != oldPort, let node = node(port: port), role(of: node) == "master" else { return false }
            found = port
            return true
        }
        return found
    }

    public func stop() {
        for s in sentinels { s.stop() }
        for n in nodes { n.stop() }
    }

    deinit { stop() }
}

/// One Sentinel: `redis-server sentinel.conf --sentinel` in a temporary directory (Sentinel
/// rewrites its configuration file, so each has its own). Stopped with SIGKILL: it keeps nothing.
public final class SentinelProcess: @unchecked Sendable {
    // @unchecked: the Process handle is only touched by the test that owns this Sentinel.
    public let port: Int
    public let password: String
    public let directory: URL
    private var process: Process?

    public init(monitoring primaryPort: Int, masterName: String, dataPassword: String, password: String, downAfterMs: Int) throws {
        port = try RedisServer.freePort()
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-sentinel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let conf = """
            port \(port)
            bind 127.0.0.1
            daemonize no
            dir \(directory.path)
            logfile \(directory.appendingPathComponent("sentinel.log").path)
            requirepass \(password)
            sentinel sentinel-pass \(password)
            sentinel monitor \(masterName) 127.0.0.1 \(primaryPort) 2
            sentinel auth-pass \(masterName) \(dataPassword)
            sentinel down-after-milliseconds \(masterName) \(downAfterMs)
            sentinel failover-timeout \(masterName) 5000
            sentinel parallel-syncs \(masterName) 1

            """
        let file = directory.appendingPathComponent("sentinel.conf")
        try conf.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = try RedisServer.executable("redis-server")
        p.arguments = [file.path, "--sentinel"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        guard eventually(timeout: 10, { (try? self.connect().send("PING")) == .status("PONG") }) else {
            throw RedisError(.connection, "redis-server --sentinel on port \(port) did not start; see \(directory.path)/sentinel.log")
        }
    }

    public func connect() throws -> RedisConnection {
        try RedisConnection(RedisConfiguration(port: port, password: password, connectTimeoutMs: 500, commandTimeoutMs: 1_000))
    }

    public var log: String { (try? String(contentsOf: directory.appendingPathComponent("sentinel.log"), encoding: .utf8)) ?? "" }

    public func stop() {
        if let p = process, p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            while p.isRunning { usleep(10_000) }
        }
        process = nil
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
