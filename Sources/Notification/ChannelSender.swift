import Foundation
import JobQueue

/// What one attempt on one external channel came to.
public enum ChannelResult: Sendable, Equatable {
    /// The gateway took it (2xx).
    case accepted(String)
    /// Refused for good (4xx, not configured, no phone): recorded, never retried.
    case failed(String)
    /// Could not be sent now (5xx, timeout, connection error, breaker open): try again later.
    case transient(String)
}

/// Sends a rendered notification through SMS, DingTalk and the platform webhook.
public struct ChannelSender: Sendable {
    public let settings: NotificationSettings
    public let transport: any HTTPTransport
    public let breakers: CircuitBreakers

    public init(settings: NotificationSettings, transport: any HTTPTransport, breakers: CircuitBreakers) {
        self.settings = settings
        self.transport = transport
        self.breakers = breakers
    }

    public func send(_ channel: Channel, _ n: NotificationPayload, contact: ContactPreferences, nowMs: Int64) -> ChannelResult {
        switch channel {
        case .inbox:
            return .accepted("inbox")
        case .sms:
            guard let url = settings.smsURL else { return .failed("no SMS gateway configured (VT_SMS_URL)") }
            guard let phone = contact.phone else { return .failed("the institution has no contact phone") }
            let body: JSONValue = ["phone": .string(phone), "text": .string("【\(n.text.title)】\(n.text.body)"),
                                   "idempotencyKey": .string("\(n.notificationId):sms")]
            var headers: [String: String] = ["Idempotency-Key": "\(n.notificationId):sms"]
            if let key = settings.smsKey { headers["Authorization"] = "Bearer \(key)" }
            return post(gateway: "sms", url: url, headers: headers, body: body, nowMs: nowMs)
        case .webhook:
            guard let url = settings.webhookURL else { return .failed("no platform webhook configured (VT_WEBHOOK_URL)") }
            let body: JSONValue = ["notificationId": .string(n.notificationId), "institutionId": .string(n.institutionId),
                                   "template": .string(n.template), "title": .string(n.text.title), "body": .string(n.text.body),
                                   "createdAt": .string(Timestamp.rfc3339(ms: nowMs))]
            return post(gateway: "webhook", url: url, headers: ["Idempotency-Key": "\(n.notificationId):webhook"], body: body, nowMs: nowMs)
        case .dingtalk:
            guard let hook = contact.dingtalkWebhook else { return .failed("the institution has no DingTalk webhook") }
            let url = contact.dingtalkSecret.map { DingTalkSigner.signedURL(hook, timestampMs: nowMs, secret: $0) } ?? hook
            let body: JSONValue = ["msgtype": "text", "text": ["content": .string("\(n.text.title)\n\(n.text.body)")]]
            return post(gateway: "dingtalk", url: url, headers: [:], body: body, nowMs: nowMs, dingTalk: true)
        }
    }

    /// One POST through the gateway's breaker. 2xx accepted, 4xx failed with the gateway's
    /// answer, 5xx / no answer transient. DingTalk answers 200 with `errcode`: non-zero is a
    /// refusal, except 130101 (sending too fast), which is transient. The answer is kept in the
    /// delivery record and logged with a retry, so the phone or ID numbers it may echo are
    /// masked (``PIIMasker``).
    func post(gateway: String, url: String, headers: [String: String], body: JSONValue, nowMs: Int64,
              dingTalk: Bool = false) -> ChannelResult {
        if let until = breakers.openUntil(gateway, nowMs: nowMs) {
            return .transient("\(gateway) circuit open until \(Timestamp.rfc3339(ms: until))")
        }
        switch transport.post(url, headers: headers, body: Array(body.jsonString.utf8), timeoutMs: settings.httpTimeoutMs) {
        case .answered(let status, let answer) where (200..<300).contains(status):
            if dingTalk, let code = (try? JSONValue.parse(answer))?["errcode"]?.intValue, code != 0 {
                if code == 130101 { breakers.recordFailure(gateway, nowMs: nowMs); return .transient("HTTP \(status): \(PIIMasker.mask(answer))") }
                breakers.recordSuccess(gateway)
                return .failed("HTTP \(status): \(PIIMasker.mask(answer))")
            }
            breakers.recordSuccess(gateway)
            return .accepted("HTTP \(status)")
        case .answered(let status, let answer) where (400..<500).contains(status) && status != 408 && status != 429:
            breakers.recordSuccess(gateway)
            return .failed("HTTP \(status): \(PIIMasker.mask(answer))")
        case .answered(let status, let answer):
            breakers.recordFailure(gateway, nowMs: nowMs)
            return .transient("HTTP \(status): \(PIIMasker.mask(answer))")
        case .noAnswer(let why):
            breakers.recordFailure(gateway, nowMs: nowMs)
            return .transient(PIIMasker.mask(why))
        }
    }
}
