import RedisClient

/// Every setting of a worker, read from the environment (`VT_…`) with command-line flags
/// (`--…`) overriding it. The table `WorkerConfiguration.settings` is the single source the
/// README's configuration table is written from.
public struct WorkerConfiguration: Sendable, Equatable {
    public var redisURL = "redis://127.0.0.1:6379/0"
    public var redisSentinels = ""
    public var redisMasterName = RedisConfiguration.Environment.defaultMasterName
    public var redisSentinelPassword = ""
    public var redisSentinelSubscribe = true
    public var redisMinReplicas = 0
    public var redisMinReplicasTimeoutMs = 1_000
    public var prefix = "vt"
    public var concurrency = 10
    public var fetchCount = 256
    public var blockMs = 1_000
    public var maxAttempts = 8
    public var retryBaseMs = 1_000
    public var retryMaxMs = 600_000
    public var heartbeatMs = 1_000
    public var deadAfterMs = 10_000
    public var maxDeliveries = 5
    public var shutdownGraceMs = 25_000
    public var maxEnvelopeBytes = JobEnvelope.defaultMaxBytes
    public var resultTTLSeconds = 7 * 24 * 3600
    public var logLevel = "info"
    public var clockOffsetMs = 0
    public var commandTimeoutMs = 5_000
    public var metricsPort = 0

    public init() {}

    /// One setting: its environment variable, its flag, and what it means.
    public struct Setting: Sendable {
        public let env: String
        public let flag: String
        public let summary: String
        let apply: @Sendable (inout WorkerConfiguration, String) -> Bool
        let current: @Sendable (WorkerConfiguration) -> String
    }

    /// A setting that could not be read.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private static func text(_ env: String, _ flag: String, _ summary: String,
                             _ kp: WritableKeyPath<WorkerConfiguration, String> & Sendable) -> Setting {
        Setting(env: env, flag: flag, summary: summary, apply: { c, v in c[keyPath: kp] = v; return true },
                current: { $0[keyPath: kp] })
    }

    private static func int(_ env: String, _ flag: String, _ summary: String, min: Int,
                            _ kp: WritableKeyPath<WorkerConfiguration, Int> & Sendable) -> Setting {
        Setting(env: env, flag: flag, summary: summary, apply: { c, v in
            guard let n = Int(v), n >= min else { return false }
            c[keyPath: kp] = n
            return true
        }, current: { String($0[keyPath: kp]) })
    }

    private static func flag(_ env: String, _ flag: String, _ summary: String,
                             _ kp: WritableKeyPath<WorkerConfiguration, Bool> & Sendable) -> Setting {
        Setting(env: env, flag: flag, summary: summary, apply: { c, v in
            switch v.lowercased() {
            case "1", "true", "yes", "on": c[keyPath: kp] = true
            case "0", "false", "no", "off": c[keyPath: kp] = false
            default: return false
            }
            return true
        }, current: { String($0[keyPath: kp]) })
    }

    public static let settings: [Setting] = [
        text("VT_REDIS_URL", "--redis-url", "Redis to use: `redis://[user:password@]host:port/db`", \.redisURL),
        text("VT_REDIS_SENTINELS", "--redis-sentinels", "Sentinels `host:port,…` that name the primary (empty: `VT_REDIS_URL`'s host is the primary; its password and db still apply)", \.redisSentinels),
        text("VT_REDIS_MASTER_NAME", "--redis-master-name", "the primary's name at the Sentinels", \.redisMasterName),
        text("VT_REDIS_SENTINEL_PASSWORD", "--redis-sentinel-password", "the Sentinels' own password, if any", \.redisSentinelPassword),
        flag("VT_REDIS_SENTINEL_SUBSCRIBE", "--redis-sentinel-subscribe", "with Sentinels: hear them announce a new primary (`+promoted-slave`, `+switch-master`) and move every connection to it at once (docs/failover.md)", \.redisSentinelSubscribe),
        int("VT_REDIS_MIN_REPLICAS", "--redis-min-replicas", "replicas that must hold a job's commit (`WAIT`) before anything leaves Redis (docs/failover.md; 0 = off)", min: 0, \.redisMinReplicas),
        int("VT_REDIS_MIN_REPLICAS_TIMEOUT_MS", "--redis-min-replicas-timeout-ms", "how long that `WAIT` may take", min: 1, \.redisMinReplicasTimeoutMs),
        text("VT_PREFIX", "--prefix", "prefix of every Redis key", \.prefix),
        int("VT_CONCURRENCY", "--concurrency", "jobs in flight per process (one thread and connection each)", min: 1, \.concurrency),
        int("VT_FETCH_COUNT", "--fetch-count", "most entries one fetch takes per lane (fewer when jobs are slow: about 20 ms of work per fetch)", min: 1, \.fetchCount),
        int("VT_BLOCK_MS", "--block-ms", "how long a fetch blocks on an empty queue (kept below the command timeout)", min: 1, \.blockMs),
        int("VT_MAX_ATTEMPTS", "--max-attempts", "tries of a failing job, the first included, before it is dead", min: 1, \.maxAttempts),
        int("VT_RETRY_BASE_MS", "--retry-base-ms", "first retry delay; doubles each attempt, with jitter", min: 0, \.retryBaseMs),
        int("VT_RETRY_MAX_MS", "--retry-max-ms", "cap on a retry delay", min: 0, \.retryMaxMs),
        int("VT_HEARTBEAT_MS", "--heartbeat-ms", "how often a worker proves it is alive", min: 10, \.heartbeatMs),
        int("VT_DEAD_AFTER_MS", "--dead-after-ms", "a worker silent this long is dead: its pending jobs are claimed", min: 20, \.deadAfterMs),
        int("VT_MAX_DELIVERIES", "--max-deliveries", "deliveries of one entry (crashes mid-job) before it is dead-lettered", min: 1, \.maxDeliveries),
        int("VT_SHUTDOWN_GRACE_MS", "--shutdown-grace-ms", "on SIGTERM, time to finish in-flight jobs before handing the rest back", min: 0, \.shutdownGraceMs),
        int("VT_MAX_ENVELOPE_BYTES", "--max-envelope-bytes", "larger envelopes are dead-lettered as `envelope.too_large`", min: 64, \.maxEnvelopeBytes),
        int("VT_RESULT_TTL_SECONDS", "--result-ttl-seconds", "how long `{p}:result:{id}` (and so idempotency) is kept", min: 1, \.resultTTLSeconds),
        int("VT_COMMAND_TIMEOUT_MS", "--command-timeout-ms", "Redis command timeout; the connection is re-made after one", min: 100, \.commandTimeoutMs),
        text("VT_LOG_LEVEL", "--log-level", "debug, info, warning or error", \.logLevel),
        int("VT_METRICS_PORT", "--metrics-port", "HTTP port for GET /metrics, /healthz, /readyz (0 = off)", min: 0, \.metricsPort),
        int("VT_CLOCK_OFFSET_MS", "--clock-offset-ms", "testing only: shifts the worker's clock (end-to-end tests of expiry)", min: Int.min, \.clockOffsetMs),
    ]

    /// Reads the environment, then the flags (`--name value` or `--name=value`). Unknown flags
    /// are returned for the executable to handle (or refuse).
    public static func load(environment: [String: String], arguments: [String],
                            base: WorkerConfiguration = WorkerConfiguration()) throws(Invalid) -> (WorkerConfiguration, [String]) {
        var config = base
        for s in settings {
            if let v = environment[s.env], !v.isEmpty {
                guard s.apply(&config, v) else { throw Invalid(description: "\(s.env)=\(v) is not valid: \(s.summary)") }
            }
        }
        var rest: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            let parts = arg.split(separator: "=", maxSplits: 1).map(String.init)
            if let s = settings.first(where: { $0.flag == parts[0] }) {
                let value: String
                if parts.count == 2 {
                    value = parts[1]
                } else {
                    guard i + 1 < arguments.count else { throw Invalid(description: "\(s.flag) needs a value") }
                    i += 1
                    value = arguments[i]
                }
                guard s.apply(&config, value) else { throw Invalid(description: "\(s.flag) \(value) is not valid: \(s.summary)") }
            } else {
                rest.append(arg)
            }
            i += 1
        }
        guard config.blockMs < config.commandTimeoutMs else {
            throw Invalid(description: "VT_BLOCK_MS (\(config.blockMs)) must be below VT_COMMAND_TIMEOUT_MS (\(config.commandTimeoutMs))")
        }
        guard config.redisMinReplicas == 0 || config.redisMinReplicasTimeoutMs < config.commandTimeoutMs else {
            throw Invalid(description: "VT_REDIS_MIN_REPLICAS_TIMEOUT_MS (\(config.redisMinReplicasTimeoutMs)) must be below VT_COMMAND_TIMEOUT_MS (\(config.commandTimeoutMs))")
        }
        guard config.heartbeatMs < config.deadAfterMs else {
            throw Invalid(description: "VT_HEARTBEAT_MS (\(config.heartbeatMs)) must be below VT_DEAD_AFTER_MS (\(config.deadAfterMs))")
        }
        guard Logger.Level(name: config.logLevel) != nil else { throw Invalid(description: "VT_LOG_LEVEL must be debug, info, warning or error") }
        return (config, rest)
    }

    /// The settings as a Markdown table (for the README and `--help`).
    public static func markdownTable() -> String {
        let defaults = WorkerConfiguration()
        var out = "| variable | flag | default | meaning |\n|---|---|---|---|\n"
        for s in settings {
            let value = s.current(defaults)
            out += "| `\(s.env)` | `\(s.flag)` | \(value.isEmpty ? "(none)" : "`\(value)`") | \(s.summary) |\n"
        }
        return out
    }

    /// The Redis client's configuration: the URL, the Sentinels if any, the command timeout.
    public func redisConfiguration() throws(RedisError) -> RedisConfiguration {
        var redis = try RedisConfiguration(url: redisURL, sentinels: redisSentinels, masterName: redisMasterName, sentinelPassword: redisSentinelPassword)
        redis.commandTimeoutMs = commandTimeoutMs
        return redis
    }

    public var retryPolicy: RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelayMs: Int64(retryBaseMs), maxDelayMs: Int64(retryMaxMs))
    }
}
