/// The notification worker's own settings (besides the runtime's `WorkerConfiguration`), from
/// `VT_SMS_URL`, `VT_SMS_KEY`, `VT_WEBHOOK_URL`, `VT_SMS_QUIET_HOURS`, `VT_HTTP_TIMEOUT_MS`,
/// `VT_SMS_PER_MINUTE`. The SMS key is never logged.
public struct NotificationSettings: Sendable {
    public var smsURL: String?
    public var smsKey: String?
    public var webhookURL: String?
    /// Nil = off.
    public var quietHours: QuietHours? = .default
    public var httpTimeoutMs = 5_000
    /// External sends per institution, channel and minute; more wait for the next minute.
    public var perMinuteLimit = 5
    /// Follow-ups of a transiently failing channel before it is recorded as failed.
    public var maxChannelRetries = 8
    /// First follow-up delay after a transient failure; doubles each time, capped at 10 minutes.
    public var retryBaseMs: Int64 = 30_000
    /// Inbox stream cap (approximate MAXLEN).
    public var inboxMaxLength = 1_000

    public init() {}

    public var smsConfigured: Bool { smsURL != nil }

    public static func load(environment env: [String: String]) throws -> NotificationSettings {
        var s = NotificationSettings()
        func value(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        s.smsURL = value("VT_SMS_URL")
        s.smsKey = value("VT_SMS_KEY")
        s.webhookURL = value("VT_WEBHOOK_URL")
        if let q = env["VT_SMS_QUIET_HOURS"] { s.quietHours = try QuietHours.parse(q) }
        if let t = value("VT_HTTP_TIMEOUT_MS") {
            guard let n = Int(t), n > 0 else { throw ConfigurationError("VT_HTTP_TIMEOUT_MS must be a positive integer") }
            s.httpTimeoutMs = n
        }
        if let t = value("VT_SMS_PER_MINUTE") {
            guard let n = Int(t), n > 0 else { throw ConfigurationError("VT_SMS_PER_MINUTE must be a positive integer") }
            s.perMinuteLimit = n
        }
        if let t = value("VT_NOTIFY_RETRY_BASE_MS") {
            guard let n = Int64(t), n >= 0 else { throw ConfigurationError("VT_NOTIFY_RETRY_BASE_MS must be a non-negative integer") }
            s.retryBaseMs = n
        }
        return s
    }
}
