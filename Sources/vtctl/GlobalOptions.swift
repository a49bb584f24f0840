/// Where vtctl connects and how it prints: `VT_REDIS_URL`, `VT_PREFIX`, overridden by
/// `--redis-url`, `--prefix`; `--json` (or `--output json`) for machine-readable output. Sentinels
/// (`VT_REDIS_SENTINELS`, `VT_REDIS_MASTER_NAME`, `VT_REDIS_SENTINEL_PASSWORD`) come from the
/// environment, as the workers read them.
struct GlobalOptions: Equatable {
    var redisURL = "redis://127.0.0.1:6379/0"
    var prefix = "vt"
    var json = false

    /// The defaults, then the environment's `VT_REDIS_URL` and `VT_PREFIX` where set.
    init(environment: [String: String]) {
        if let url = environment["VT_REDIS_URL"], !url.isEmpty { redisURL = url }
        if let prefix = environment["VT_PREFIX"], !prefix.isEmpty { self.prefix = prefix }
    }

    init(redisURL: String, prefix: String, json: Bool) {
        self.redisURL = redisURL
        self.prefix = prefix
        self.json = json
    }
}
