import Foundation
import JobQueue
import RedisClient
import Synchronization
import TestSupport
import TrainingDomain
#if canImport(Glibc)
import Glibc
#endif

/// Redis (AOF, `appendfsync always`, a password) and two processes of each worker kind, with the
/// faults a chaos run injects: a worker SIGKILLed and started again, Redis SIGKILLed or shut
/// down and started again on its data, the qualification workers' clock moved a day on. Or, for
/// a failover run, the workers pointed at a ``SentinelCluster`` with `VT_REDIS_MIN_REPLICAS=1`.
final class ChaosCluster: Sendable {
    /// The worker executables, by queue, of a chaos run.
    static let chaosKinds = ["certification", "qualification", "import", "notification", "training", "subsidy"]
    static let processesPerKind = 2
    static let smsKey = "chaos-sms-key-5f1c2e"

    let env: QueueTestEnvironment
    let gateway: FlakyGateway
    let password: String
    /// The worker executables started, by queue.
    let kinds: [String]
    /// The replicated Redis of a failover run (nil: one Redis, `env.server`).
    let sentinels: SentinelCluster?
    /// Process name (`certification-0`) → the running process.
    private let processes = Mutex<[String: ChildProcess]>([:])
    private let starts = Mutex<[String: Int]>([:])
    /// Process name → its metrics port (`VT_METRICS_PORT`, a new free one at each start).
    private let metricsPorts = Mutex<[String: Int]>([:])
    /// The qualification workers' VT_CLOCK_OFFSET_MS.
    private let qualificationOffset: Mutex<Int64>
    /// Held while a fault is injected (a worker killed and started again, Redis restarted): the
    /// chaos loop and the producer (which kills a training worker after each burst of learning
    /// records) inject them from two threads, and a worker started while Redis restarts would
    /// fail to start.
    private let faults = Mutex(())

    /// Starts Redis and every worker. The qualification workers' clock is set so that it passes
    /// a China midnight `midnightAfterMs` after now.
    init(midnightAfterMs: Int64, sentinels: SentinelCluster? = nil, kinds: [String] = ChaosCluster.chaosKinds) throws {
        self.sentinels = sentinels
        self.kinds = kinds
        if let sentinels {
            password = sentinels.password
            env = QueueTestEnvironment(server: sentinels.nodes[0], prefix: "fo")
        } else {
            password = "chaos-\(UInt64.random(in: 1_000_000...UInt64.max))"
            env = try QueueTestEnvironment(password: password)
        }
        gateway = try FlakyGateway()
        let nowMs = Self.realNowMs()
        let midnight = Int64((LocalDate.chinaToday(now: Date()).endOfDayInChina.timeIntervalSince1970 * 1000).rounded())
        qualificationOffset = Mutex(midnight - nowMs - midnightAfterMs)
        for kind in kinds {
            for i in 0..<Self.processesPerKind { try start("\(kind)-\(i)") }
        }
    }

    static func realNowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A connection to the primary (through the Sentinels in a failover run).
    func connect() throws -> RedisConnection { try sentinels?.connect() ?? env.server.connect() }

    var names: [String] { kinds.flatMap { kind in (0..<Self.processesPerKind).map { "\(kind)-\($0)" } } }
    var offsetMs: Int64 { qualificationOffset.withLock { $0 } }
    /// Now on the qualification workers' clock.
    var qualificationNowMs: Int64 { Self.realNowMs() + offsetMs }
    var logDirectory: URL { env.directory }

    /// Runtime settings of every worker: fast heartbeats and claims, short backoff, debug logs
    /// (so the log scan sees every per-job line).
    func environment(kind: String) -> [String: String] {
        var c = env.configuration(concurrency: 4)
        c.heartbeatMs = 250
        c.deadAfterMs = 2_500
        c.retryBaseMs = 100
        c.retryMaxMs = 2_000
        var e = env.environment(c)
        e["VT_LOG_LEVEL"] = "debug"
        if let sentinels {
            e.merge(sentinels.environment) { $1 }
            e["VT_REDIS_MIN_REPLICAS"] = "1"
        }
        switch kind {
        case "qualification":
            e["VT_CLOCK_OFFSET_MS"] = String(offsetMs)
            e["VT_EXPIRY_SWEEP_MS"] = "200"
        case "notification":
            e["VT_SMS_URL"] = gateway.smsURL
            e["VT_SMS_KEY"] = Self.smsKey
            e["VT_WEBHOOK_URL"] = gateway.webhookURL
            e["VT_SMS_QUIET_HOURS"] = ""
            e["VT_HTTP_TIMEOUT_MS"] = "1000"
            e["VT_SMS_PER_MINUTE"] = "1000"
            e["VT_NOTIFY_RETRY_BASE_MS"] = "200"
        case "subsidy":
            // The run's learning is far below 16 课时 and its rosters' types are 其他: a policy that
            // subsidises them, so claims have eligible lines and decisions grant.
            e["VT_SUBSIDY_POLICY"] = Self.subsidyPolicy(in: env.directory)
        default: break
        }
        return e
    }

    /// Starts (or starts again) the process `name`; each start logs to its own file. Returns once
    /// it is ready (/readyz) or has exited: a worker still connecting when a Redis restart (the
    /// next fault, waiting for the lock) takes Redis away would exit as `cannot start`.
    func start(_ name: String) throws {
        let kind = String(name.split(separator: "-")[0])
        let n = starts.withLock { $0[name, default: 0] += 1; return $0[name]! }
        let port = try RedisServer.freePort()
        var environment = environment(kind: kind)
        environment["VT_METRICS_PORT"] = String(port)
        let child = try ChildProcess(executable: builtExecutable("\(kind)-worker"), environment: environment,
                                     logDirectory: env.directory, name: "\(name).\(n)")
        processes.withLock { $0[name] = child }
        metricsPorts.withLock { $0[name] = port }
        _ = eventually(timeout: 15) { !child.isRunning || httpGet(port: port, path: "/readyz").0 == 200 }
    }

    /// SIGKILLs the process `name`, waits for it to be gone, starts it again after `pauseMs`.
    func killAndRestart(_ name: String, pauseMs: Int = 300) throws {
        try faults.withLock { _ in
            if let p = processes.withLock({ $0[name] }) {
                p.kill(SIGKILL)
                p.process.waitUntilExit()
            }
            usleep(useconds_t(pauseMs * 1_000))
            try start(name)
        }
    }

    /// Moves the qualification workers' clock on by `ms`: each is SIGKILLed and started with the new offset.
    func advanceQualificationClock(by ms: Int64) throws {
        qualificationOffset.withLock { $0 += ms }
        for i in 0..<Self.processesPerKind { try killAndRestart("qualification-\(i)", pauseMs: 0) }
    }

    /// Restarts Redis on its AOF: by SIGKILL (nothing flushed at exit: `appendfsync always` has
    /// already written every acknowledged write) or by SHUTDOWN.
    func restartRedis(kill: Bool) throws {
        try faults.withLock { _ in
            if kill { env.server.killProcess() } else { env.server.stopProcess() }
            usleep(500_000)
            try env.server.start()
        }
    }

    /// Processes that exited by themselves (not killed by the chaos loop): name and log tail.
    var crashed: [(String, String)] {
        processes.withLock { table in
            table.filter { !$0.value.isRunning }.map { ($0.key, String($0.value.log.suffix(1_500))) }
        }
    }

    /// The workers whose `GET /readyz` does not answer 200 within `timeout` seconds (connected to
    /// Redis and consuming).
    func notReady(timeout: Double = 20) -> [String] {
        let ports = metricsPorts.withLock { $0 }
        return ports.keys.sorted().filter { name in !eventually(timeout: timeout) { httpGet(port: ports[name]!, path: "/readyz").0 == 200 } }
    }

    /// Every log file of every process started in this run.
    var logFiles: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: env.directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "log" && $0.lastPathComponent != "redis.log" }
    }

    /// SIGTERMs every worker; returns the names of those that did not exit 0.
    func stopWorkers() -> [String] {
        let table = processes.withLock { $0 }
        return table.compactMap { name, p in p.terminate(timeout: 30) == 0 ? nil : name }.sorted()
    }

    /// Copies every log (workers' and Redis's) to a new directory that outlives the run; returns it.
    func preserveLogs() -> URL {
        let kept = FileManager.default.temporaryDirectory.appendingPathComponent("vt-chaos-logs-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        for file in logFiles + [env.directory.appendingPathComponent("redis.log")] {
            try? FileManager.default.copyItem(at: file, to: kept.appendingPathComponent(file.lastPathComponent))
        }
        return kept
    }

    func stop() {
        _ = stopWorkers()
        gateway.stop()
        env.stop()
    }

    /// A policy file for the run: the shipped amounts, every student type, no hours rule.
    static func subsidyPolicy(in directory: URL) -> String {
        let path = directory.appendingPathComponent("subsidy-policy.json").path
        let policy = #"{"amountsByLevel": {"junior": 800}, "eligibleStudentTypes": ["农村转移劳动力", "脱贫劳动力", "高校毕业生", "登记失业人员", "退役军人", "残疾人", "企业职工", "城乡未继续升学初高中毕业生", "就业困难人员", "其他"], "requireOnlineHours": false}"#
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: Data(policy.utf8)) }
        return path
    }
}
