import Foundation
import JobQueue
import Notification
import RedisClient
import TestSupport

/// A real redis-server, a local HTTP gateway, a manual clock (10:00 China time, outside quiet
/// hours) and helpers to run notification jobs and read back what they wrote.
final class NotificationHarness: @unchecked Sendable {
    // @unchecked: owned by one test.
    let env: QueueTestEnvironment
    let c: RedisConnection
    let http: TestHTTPServer
    let clock = ManualClock(nowMs: Timestamp.parseRFC3339("2026-11-30T02:00:00Z")!)
    var settings = NotificationSettings()
    var breakers = CircuitBreakers()
    private var jobs = 0

    init() throws {
        env = try QueueTestEnvironment()
        c = try env.server.connect()
        http = try TestHTTPServer()
        settings.smsURL = http.url + "/sms"
        settings.smsKey = "sms-key-secret"
        settings.webhookURL = http.url + "/hook"
        settings.httpTimeoutMs = 1_000
        settings.retryBaseMs = 10_000
    }

    var keys: NotificationKeys { NotificationKeys(env.keys) }

    func stop() {
        http.stop()
        env.stop()
    }

    func startWorker() throws -> Worker {
        let worker = try Worker(configuration: env.configuration(concurrency: 2),
                                spec: NotificationWorkflow.queueSpec(settings: settings, breakers: breakers),
                                clock: clock, logSink: .memory())
        try worker.start()
        return worker
    }

    func setContact(_ institution: String, _ prefs: ContactPreferences) throws {
        var command = RedisCommand("HSET", keys.contact(institution))
        for (k, v) in prefs.fields { command.append(k); command.append(v) }
        try c.send(command)
    }

    func envelope(_ nid: String, institution: String = "inst-1", template: String = "certification.approved",
                  params: [String: JSONValue] = ["institutionName": "芙蓉区培训学校", "revision": 1],
                  channels: [String]? = nil) -> JobEnvelope {
        jobs += 1
        var payload: [String: JSONValue] = ["notificationId": .string(nid), "institutionId": .string(institution),
                                            "template": .string(template), "params": .object(params)]
        if let channels { payload["channels"] = .array(channels.map(JSONValue.string)) }
        return JobEnvelope(id: "job-\(jobs)-\(nid)", type: "notification.requested", createdAt: "2026-11-30T02:00:00Z",
                           traceId: "trace-\(jobs)", payload: .object(payload))
    }

    @discardableResult
    func run(_ envelope: JobEnvelope) throws -> [String: String] {
        try env.producer.enqueue(envelope, queue: "notification", on: c)
        return try env.producer.waitForResult(of: envelope.id, timeoutMs: 20_000, on: c)
    }

    func result(_ jobId: String) throws -> [String: String] {
        try env.producer.waitForResult(of: jobId, timeoutMs: 20_000, on: c)
    }

    func inbox(_ institution: String = "inst-1") throws -> [[String: String]] {
        (try c.send("XRANGE", keys.inbox(institution), "-", "+").array ?? []).compactMap { $0.array?.last?.fieldMap }
    }

    func status(_ nid: String) throws -> [String: String] { try c.send("HGETALL", keys.notification(nid)).fieldMap }

    func deferred() throws -> [(String, Int64)] {
        let flat = try c.send("ZRANGE", keys.deferred, 0, -1, "WITHSCORES").array ?? []
        return stride(from: 0, to: flat.count, by: 2).map { (flat[$0].string ?? "", Int64(flat[$0 + 1].string ?? "") ?? 0) }
    }

    func forwardDeferred() throws -> Int { try DeferredForwarder.forwardDue(keys: keys, nowMs: clock.nowMs(), on: c) }

    func events() throws -> [JSONValue] {
        try (c.send("XRANGE", keys.events, "-", "+").array ?? []).compactMap { entry in
            try entry.array?.last?.fieldMap["event"].map { try JSONValue.parse($0) }
        }
    }

    func smsRequests() -> [TestHTTPServer.Request] { http.requests.filter { $0.target == "/sms" } }
}
