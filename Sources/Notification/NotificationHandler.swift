import CertificationQueries
import JobQueue
import RedisClient
import WorkflowKernel

/// `notification.requested`: renders the template, writes the inbox entry once, sends every
/// external channel not yet settled, and records each channel's status in
/// `{p}:notification:{notificationId}` together with the job's result.
///
/// At-least-once window: an external send happens before its status is committed. If the worker
/// dies between the two, the job is redelivered and the channel is sent again with the same
/// idempotency key (`<notificationId>:sms`), which the gateway uses to drop the duplicate. Every
/// later job for that notification reads the status first and skips settled channels. With
/// `VT_REDIS_MIN_REPLICAS`, the first external send waits until replicas hold the job's delivery.
public struct NotificationHandler: RequestHandler {
    public let settings: NotificationSettings
    public let sender: ChannelSender

    public init(settings: NotificationSettings, transport: any HTTPTransport = URLSessionTransport(),
                breakers: CircuitBreakers = CircuitBreakers()) {
        self.settings = settings
        self.sender = ChannelSender(settings: settings, transport: transport, breakers: breakers)
    }

    public var entityField: String { "notificationId" }

    public func decode(_ payload: JSONValue) -> Result<NotificationPayload, ValidationErrors> { NotificationPayload.decode(payload) }

    public func handle(_ n: NotificationPayload, job: Job, context: JobContext) throws -> JobOutcome {
        let keys = NotificationKeys(context.keys)
        let now = context.clock.nowMs()
        let minute = now / 60_000
        let certification = CertificationQuery(institutionId: n.institutionId, keys: context.keys)
        let replies = try context.read([
            RedisCommand("HGETALL", keys.notification(n.notificationId)),
            RedisCommand("HGETALL", keys.contact(n.institutionId)),
            RedisCommand("GET", keys.rateLimit("sms", n.institutionId, minute: minute)),
            RedisCommand("GET", keys.rateLimit("dingtalk", n.institutionId, minute: minute)),
            certification.command,
        ])
        for reply in replies { _ = try reply.throwingServerError() }
        let status = replies[0].fieldMap
        // The certified 联系电话 is the default SMS phone; a contact record's phone overrides it. An
        // unreadable certification record only loses that default, never the notification.
        let certifiedPhone = (try? certification.answer(replies[4]))?.certified?.contactPhone
        let contact = ContactPreferences(fields: replies[1].fieldMap, certifiedPhone: certifiedPhone)
        let used: [Channel: Int] = [.sms: Int(replies[2].string ?? "") ?? 0, .dingtalk: Int(replies[3].string ?? "") ?? 0]
        let entity: [(String, String)] = [("entity", n.notificationId)]
        if let final = status["status"], final != DeliveryPlan.deferred {
            return .done(final, "notification \(n.notificationId) was already settled (\(final)); nothing sent again", fields: entity)
        }

        var plan = DeliveryPlan(notification: n, keys: keys, settings: settings, previous: status, nowMs: now)
        let channels = contact.channels(requested: n.channels, smsConfigured: settings.smsConfigured)
        var replicated = false
        for channel in channels where !plan.isSettled(channel) {
            if channel == .inbox { plan.deliverInbox(); continue }
            if channel == .sms, let quiet = settings.quietHours, quiet.contains(now) {
                plan.wait(channel, until: quiet.end(after: now), "quiet hours"); continue
            }
            if channel != .webhook, used[channel, default: 0] >= settings.perMinuteLimit {
                plan.wait(channel, until: (minute + 1) * 60_000, "rate limit \(settings.perMinuteLimit)/min"); continue
            }
            if !replicated {
                // VT_REDIS_MIN_REPLICAS: what enqueued this notification must survive a failover before anyone is told.
                try context.confirmReplicated()
                replicated = true
            }
            let result = sender.send(channel, n, contact: contact, nowMs: now)
            if case .transient = result {} else if channel != .webhook { plan.countSend(channel, minute: minute) }
            plan.record(channel, result)
        }
        if plan.onlyTransient && job.attempt < 3 {
            throw TransientJobError("notification \(n.notificationId): \(plan.transientSummary)")
        }
        let outcome = plan.finish(channels: channels, job: job)
        for channel in channels where !plan.isSettled(channel) {
            if let state = plan.state(channel) { context.metrics.add(to: NotificationMetrics.deliveries, labels: [channel.rawValue, state]) }
        }
        context.logger.info("notification processed", [
            "jobId": .string(job.id), "traceId": job.envelope.traceId.map(JSONValue.string) ?? .null,
            "notificationId": .string(n.notificationId), "institutionId": .string(n.institutionId),
            "template": .string(n.template), "outcome": .string(outcome.code),
            "channels": .object(Dictionary(uniqueKeysWithValues: channels.map { ($0.rawValue, JSONValue.string(plan.state($0) ?? "")) }))])
        return .done(outcome.code, outcome.message, effects: plan.effects, guards: plan.guards, fields: entity)
    }
}
