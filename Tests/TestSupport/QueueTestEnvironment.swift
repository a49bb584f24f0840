import Foundation
import JobQueue
import RedisClient

/// A real Redis plus the settings a runtime test wants: short heartbeats and backoff, a prefix of
/// its own. Each test makes one and stops it.
public final class QueueTestEnvironment: @unchecked Sendable {
    // @unchecked: owned by one test.
    public let server: RedisServer
    public let prefix: String
    public let directory: URL

    public init(password: String? = nil) throws {
        server = try RedisServer(password: password)
        prefix = "t\(UInt32.random(in: 0...UInt32.max))"
        directory = server.directory
    }

    /// An environment over a server the caller started (e.g. with an ACL file for `prefix`).
    public init(server: RedisServer, prefix: String) {
        self.server = server
        self.prefix = prefix
        directory = server.directory
    }

    public var keys: QueueKeys { QueueKeys(prefix: prefix) }
    public var producer: JobProducer { JobProducer(keys: keys) }

    /// Settings for a fast test: heartbeat 100 ms, dead after 800 ms, retries from 50 ms.
    public func configuration(concurrency: Int = 4) -> WorkerConfiguration {
        var c = WorkerConfiguration()
        c.redisURL = server.url
        c.prefix = prefix
        c.concurrency = concurrency
        c.blockMs = 100
        c.heartbeatMs = 100
        c.deadAfterMs = 800
        c.retryBaseMs = 50
        c.retryMaxMs = 400
        c.shutdownGraceMs = 10_000
        c.logLevel = "warning"
        return c
    }

    /// The environment variables that give a worker process the same settings.
    public func environment(_ c: WorkerConfiguration) -> [String: String] {
        ["VT_REDIS_URL": c.redisURL, "VT_PREFIX": c.prefix, "VT_CONCURRENCY": String(c.concurrency),
         "VT_BLOCK_MS": String(c.blockMs), "VT_HEARTBEAT_MS": String(c.heartbeatMs), "VT_DEAD_AFTER_MS": String(c.deadAfterMs),
         "VT_RETRY_BASE_MS": String(c.retryBaseMs), "VT_RETRY_MAX_MS": String(c.retryMaxMs),
         "VT_MAX_DELIVERIES": String(c.maxDeliveries), "VT_SHUTDOWN_GRACE_MS": String(c.shutdownGraceMs),
         "VT_LOG_LEVEL": "info", "VT_FETCH_COUNT": String(c.fetchCount), "VT_CERT_SIGNING_KEY": signingKeyPath]
    }

    /// An Ed25519 key for the e-certificates of this environment's training workers, made with
    /// `openssl genpkey` in its directory on first use (mode 600), as `deploy/run.sh` makes one.
    public var signingKeyPath: String {
        let path = directory.appendingPathComponent("cert-signing.pem").path
        if !FileManager.default.fileExists(atPath: path) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            p.arguments = ["genpkey", "-algorithm", "ed25519", "-out", path]
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        return path
    }

    /// A `test.count` envelope.
    public func countJob(_ id: String, payload: [String: JSONValue] = [:]) -> JobEnvelope {
        JobEnvelope(id: id, type: "test.count", createdAt: "2026-11-29T08:00:00Z", traceId: "trace-\(id)", payload: .object(payload))
    }

    /// Enqueues `count` jobs `prefix-0…` in one pipeline.
    public func enqueueCountJobs(_ count: Int, idPrefix: String = "job", payload: [String: JSONValue] = [:], on c: RedisConnection) throws {
        var commands: [RedisCommand] = []
        for i in 0..<count {
            commands.append(producer.enqueueCommand(countJob("\(idPrefix)-\(i)", payload: payload), queue: "test"))
            if commands.count == 1_000 { _ = try c.pipeline(commands); commands.removeAll() }
        }
        _ = try c.pipeline(commands)
    }

    /// `{p}:test:applied` as job id → times applied.
    public func applied(on c: RedisConnection) throws -> [String: Int] {
        try c.send("HGETALL", "\(prefix):test:applied").fieldMap.mapValues { Int($0) ?? 0 }
    }

    /// Number of entries still pending in the queue's consumer group.
    public func pendingCount(queue: String = "test", on c: RedisConnection) throws -> Int {
        try c.send("XPENDING", keys.queue(queue), keys.group(queue)).array?.first?.int ?? 0
    }

    public func stop() { server.stop() }
}

extension QueueTestEnvironment {
    /// Runs the real `vtctl` against this Redis and prefix (as `redisURL`'s user when given);
    /// returns its exit code and stdout.
    public func runVtctl(_ arguments: [String], redisURL: String? = nil) throws -> (code: Int32, out: String) {
        let run = try runVtctlCapturingErrors(arguments, redisURL: redisURL)
        return (run.code, run.out)
    }

    /// ``runVtctl(_:redisURL:)`` with its standard error too (written to a file in the
    /// environment's directory, so neither pipe can fill while the other is read).
    public func runVtctlCapturingErrors(_ arguments: [String], redisURL: String? = nil) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = builtExecutable("vtctl")
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VT_REDIS_URL"] = redisURL ?? server.url
        env["VT_PREFIX"] = prefix
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        let errPath = directory.appendingPathComponent("vtctl-stderr-\(UInt64.random(in: 0...UInt64.max))").path
        guard FileManager.default.createFile(atPath: errPath, contents: nil), let errFile = FileHandle(forWritingAtPath: errPath) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        p.standardError = errFile
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try errFile.close()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
