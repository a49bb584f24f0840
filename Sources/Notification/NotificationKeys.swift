import JobQueue

/// Every Redis key the notification workflow uses. `{p}:inbox:{institutionId}`, `{p}:queue:notification`
/// and `{p}:events` keep their contract spelling; the rest are the project's own.
public struct NotificationKeys: Sendable, Equatable {
    /// The runtime's keys, whose prefix every name here shares.
    public let queue: QueueKeys

    public init(_ queue: QueueKeys) { self.queue = queue }
    public init(prefix: String = "vt") { self.queue = QueueKeys(prefix: prefix) }

    public var prefix: String { queue.prefix }

    /// The queue name of notification jobs.
    public static let queueName = "notification"

    /// `{p}:queue:notification`.
    public var notificationQueue: String { queue.queue(Self.queueName) }

    /// `{p}:inbox:{institutionId}`: stream, the institution's message centre (消息中心), newest last.
    public func inbox(_ institutionId: String) -> String { "\(prefix):inbox:\(institutionId)" }

    /// `{p}:inbox:{institutionId}:read`: set of the inbox entry ids the institution has read.
    public func inboxRead(_ institutionId: String) -> String { "\(prefix):inbox:\(institutionId):read" }

    /// `{p}:notification:{notificationId}`: hash with the per-channel status of one notification
    /// (`inbox`, `sms`, `dingtalk`, `webhook` = `accepted` | `failed` | `waiting`; `<channel>.detail`;
    /// `inboxEntry`, `status` = the overall outcome once final, `retries`).
    public func notification(_ notificationId: String) -> String { "\(prefix):notification:\(notificationId)" }

    /// `{p}:notification:deferred`: sorted set of follow-up jobs for external channels that wait
    /// (quiet hours, a transient gateway failure), member = the job JSON, score = due time (ms).
    public var deferred: String { "\(prefix):notification:deferred" }

    /// `{p}:contact:{institutionId}`: hash of the institution's contact preferences (`phone`,
    /// `channels`, `smsOptOut`, `dingtalkWebhook`, `dingtalkSecret`).
    public func contact(_ institutionId: String) -> String { "\(prefix):contact:\(institutionId)" }

    /// `{p}:ratelimit:{channel}:{institutionId}:{minute}`: sends of one channel in one minute.
    public func rateLimit(_ channel: String, _ institutionId: String, minute: Int64) -> String {
        "\(prefix):ratelimit:\(channel):\(institutionId):\(minute)"
    }

    /// `{p}:events`: domain events.
    public var events: String { queue.events }

    /// `{p}:result:{jobId}`.
    public func result(_ jobId: String) -> String { queue.result(jobId) }
}
