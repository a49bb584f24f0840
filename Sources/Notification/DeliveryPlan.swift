import JobQueue
import RedisClient
import WorkflowKernel

/// One job's delivery decisions as Redis writes: per-channel status, the inbox entry, rate-limit
/// counts, a follow-up job for channels that wait, the final event. Pure: nothing is sent here.
struct DeliveryPlan {
    static let accepted = "accepted", failed = "failed", waiting = "waiting", deferred = "deferred"
    static let statusTTLSeconds = 30 * 86_400

    let n: NotificationPayload
    let keys: NotificationKeys
    let settings: NotificationSettings
    let previous: [String: String]
    let nowMs: Int64
    private(set) var effects: [RedisCommand] = []
    private(set) var guards: [Guard] = []
    private var updates: [(String, String)] = []
    private var current: [Channel: String] = [:]
    private var waits: [(Channel, Int64, String)] = []
    private var transient: [(Channel, String)] = []
    private var newlySettled = false

    init(notification: NotificationPayload, keys: NotificationKeys, settings: NotificationSettings, previous: [String: String], nowMs: Int64) {
        self.n = notification
        self.keys = keys
        self.settings = settings
        self.previous = previous
        self.nowMs = nowMs
    }

    var statusKey: String { keys.notification(n.notificationId) }

    func state(_ c: Channel) -> String? { current[c] ?? previous[c.rawValue] }

    func isSettled(_ c: Channel) -> Bool { previous[c.rawValue] == Self.accepted || previous[c.rawValue] == Self.failed }

    /// True when this attempt settled nothing and only met transient failures: the runtime's
    /// own retry with backoff is enough (there is nothing to record first).
    var onlyTransient: Bool { !newlySettled && waits.isEmpty && !transient.isEmpty }

    var transientSummary: String { transient.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "; ") }

    /// Guarded on the channel's previous status, so two jobs of one notification can't both record it.
    private mutating func settle(_ c: Channel, _ value: String, _ detail: String) {
        guards.append(Guard(key: statusKey, field: c.rawValue, expected: previous[c.rawValue] ?? ""))
        current[c] = value
        updates += [(c.rawValue, value), ("\(c.rawValue).detail", detail)]
        if value != Self.waiting { newlySettled = true }
    }

    mutating func deliverInbox() {
        effects.append(RedisCommand("XADD", keys.inbox(n.institutionId), "MAXLEN", "~", settings.inboxMaxLength, "*",
                                    "notificationId", n.notificationId, "template", n.template, "title", n.text.title,
                                    "body", n.text.body, "createdAt", Timestamp.rfc3339(ms: nowMs)))
        settle(.inbox, Self.accepted, "inbox")
    }

    mutating func wait(_ c: Channel, until dueMs: Int64, _ reason: String) {
        waits.append((c, dueMs, reason))
        settle(c, Self.waiting, "\(reason) until \(Timestamp.rfc3339(ms: dueMs))")
    }

    mutating func countSend(_ c: Channel, minute: Int64) {
        let key = keys.rateLimit(c.rawValue, n.institutionId, minute: minute)
        effects.append(RedisCommand("INCR", key))
        effects.append(RedisCommand("EXPIRE", key, 120))
    }

    mutating func record(_ c: Channel, _ result: ChannelResult) {
        switch result {
        case .accepted(let d): settle(c, Self.accepted, d)
        case .failed(let d): settle(c, Self.failed, d)
        case .transient(let d):
            let retries = Int(previous["retries"] ?? "") ?? 0
            if retries >= settings.maxChannelRetries {
                settle(c, Self.failed, "gave up after \(retries) retries: \(d)")
            } else {
                transient.append((c, d))
                let delay = min(600_000, settings.retryBaseMs << Int64(min(retries, 20)))
                wait(c, until: nowMs + delay, "retry after \(d)")
            }
        }
    }

    /// The outcome, with the status, follow-up and event writes added to the effects.
    mutating func finish(channels: [Channel], job: Job) -> (code: String, message: String) {
        let states = channels.map { (c: $0, s: state($0) ?? "") }
        let external = states.filter { $0.c != .inbox }
        let code: String
        if states.contains(where: { $0.s == Self.waiting }) { code = Self.deferred }
        else if external.allSatisfy({ $0.s == Self.accepted }) { code = "delivered" }
        else if external.contains(where: { $0.s == Self.accepted }) { code = "partially_delivered" }
        else { code = "undeliverable" }
        updates += [("status", code), ("institutionId", n.institutionId), ("template", n.template), ("updatedAt", Timestamp.rfc3339(ms: nowMs))]
        if !transient.isEmpty { updates.append(("retries", String((Int(previous["retries"] ?? "") ?? 0) + 1))) }
        if !waits.isEmpty { updates.append(("rounds", String(round))) }
        effects.append(.hset(statusKey, updates))
        effects.append(RedisCommand("EXPIRE", statusKey, Self.statusTTLSeconds))
        if let due = waits.map(\.1).min() {
            effects.append(RedisCommand("ZADD", keys.deferred, Int(due), followUp(channels: waits.map(\.0), job: job).jsonString))
        } else {
            effects.append(event(code, states: states, job: job))
        }
        let summary = states.map { "\($0.c.rawValue) \($0.s)" }.joined(separator: ", ")
        return (code, "notification \(n.notificationId): \(summary)")
    }

    /// The number of this notification's next follow-up job.
    var round: Int { (Int(previous["rounds"] ?? "") ?? 0) + 1 }

    /// The job that retries the waiting channels: same payload, only those channels, a new id.
    func followUp(channels: [Channel], job: Job) -> JobEnvelope {
        var payload = job.payload.objectValue ?? [:]
        payload["channels"] = .array(channels.map { .string($0.rawValue) })
        return JobEnvelope(id: Self.followUpId(n.notificationId, round: round), type: NotificationPayload.type,
                           createdAt: Timestamp.rfc3339(ms: nowMs), producer: NotificationPayload.producer,
                           traceId: job.envelope.traceId, payload: .object(payload))
    }

    /// `<notificationId>:r<round>`, shortened with a hash when it would pass 64 characters.
    static func followUpId(_ nid: String, round: Int) -> String {
        let plain = "\(nid):r\(round)"
        if plain.utf8.count <= 64 { return plain }
        return "\(nid.prefix(36))-\(ShortID.hex(nid, padded: false)):r\(round)"
    }

    func event(_ code: String, states: [(c: Channel, s: String)], job: Job) -> RedisCommand {
        let type = code == "undeliverable" ? "notification.failed" : "notification.delivered"
        let payload: JSONValue = ["notificationId": .string(n.notificationId), "institutionId": .string(n.institutionId),
                                  "template": .string(n.template), "outcome": .string(code),
                                  "channels": .object(Dictionary(uniqueKeysWithValues: states.map { ($0.c.rawValue, JSONValue.string($0.s)) }))]
        return WorkflowEffects(keys: keys.queue, producer: NotificationPayload.producer)
            .event(DomainEvent(type: type, payload: payload), job: job, nowMs: nowMs)
    }
}
