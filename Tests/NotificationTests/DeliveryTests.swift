import Foundation
import JobQueue
import Notification
import TestSupport
import Testing

/// The handler in an in-process worker against a real Redis and a local HTTP gateway.
@Suite(.serialized) struct DeliveryTests {
    @Test func inboxDelivery_sameNotificationTwice_oneEntry() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        h.settings.smsURL = nil
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        let first = try h.run(h.envelope("n-1"))
        #expect(first["status"] == "done" && first["outcome"] == "delivered" && first["entity"] == "n-1")
        let again = try h.run(h.envelope("n-1"))
        #expect(again["outcome"] == "delivered")
        let inbox = try h.inbox()
        #expect(inbox.count == 1)
        #expect(inbox.first?["notificationId"] == "n-1" && inbox.first?["template"] == "certification.approved")
        #expect(inbox.first?["title"] == "机构信息认证已通过" && inbox.first?["createdAt"] == "2026-11-30T02:00:00.000Z")
        #expect(try h.status("n-1")["inbox"] == "accepted")
        #expect(try h.events().filter { $0["type"]?.stringValue == "notification.delivered" }.count == 1)
        #expect(h.http.requests.isEmpty)
        #expect(w.metrics.value(of: NotificationMetrics.deliveries, labels: ["inbox", "accepted"]) == 1)
        #expect(JobMetrics.exposition(queue: "notification", snapshot: w.metrics.snapshot(), families: w.metrics.families(), gauges: [])
            .contains(#"vt_notification_deliveries_total{queue="notification",channel="inbox",result="accepted"} 1"#))
    }

    @Test func missingParam_isRejectedValidationFailed_nothingDelivered() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        let r = try h.run(h.envelope("n-bad", template: "certification.rejected"))
        #expect(r["status"] == "rejected" && r["outcome"] == "validation_failed")
        #expect(r["errors"]?.contains("payload.params.reason") == true)
        #expect(try h.inbox().isEmpty)
    }

    @Test func sms_acceptedOnce_evenWhenRequestedAgain() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-sms"))["outcome"] == "delivered")
        #expect(try h.run(h.envelope("n-sms"))["outcome"] == "delivered")
        let sms = h.smsRequests()
        #expect(sms.count == 1)
        #expect(sms.first?.headers["authorization"] == "Bearer sms-key-secret")
        #expect(sms.first?.json?["phone"] as? String == "13812345678")
        #expect(sms.first?.json?["idempotencyKey"] as? String == "n-sms:sms")
        #expect((sms.first?.json?["text"] as? String)?.hasPrefix("【机构信息认证已通过】") == true)
        #expect(try h.status("n-sms")["sms"] == "accepted")
    }

    @Test func gateway500_thenRetriedOnce_oneSMS() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        h.http.script([.status(503, "{\"error\":\"busy\"}")])
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        let first = try h.run(h.envelope("n-retry"))
        #expect(first["outcome"] == "deferred")
        #expect(try h.inbox().count == 1)
        #expect(try h.status("n-retry")["sms"] == "waiting")
        let due = try h.deferred()
        #expect(due.count == 1 && due.first?.1 == h.clock.nowMs() + 10_000)
        #expect(try h.forwardDeferred() == 0)
        h.clock.advance(byMs: 10_000)
        #expect(try h.forwardDeferred() == 1)
        #expect(try h.forwardDeferred() == 0)
        #expect(try h.result("n-retry:r1")["outcome"] == "delivered")
        #expect(h.smsRequests().count == 2)
        #expect(try h.inbox().count == 1)
        #expect(try h.status("n-retry")["status"] == "delivered")
    }

    @Test func gateway400_failedWithAnswer_noRetry() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        h.http.script([.status(400, "{\"error\":\"bad phone\"}")])
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        let r = try h.run(h.envelope("n-400"))
        #expect(r["outcome"] == "undeliverable")
        let status = try h.status("n-400")
        #expect(status["sms"] == "failed" && status["sms.detail"]?.contains("bad phone") == true)
        #expect(try h.deferred().isEmpty)
        #expect(h.smsRequests().count == 1)
        #expect(try h.inbox().count == 1)
        #expect(try h.events().contains { $0["type"]?.stringValue == "notification.failed" })
    }

    @Test func quietHours_deferTheSMS_thenSendAtEight() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        h.clock.set(nowMs: Timestamp.parseRFC3339("2026-11-30T15:30:00Z")!) // 23:30 China time
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-night"))["outcome"] == "deferred")
        #expect(try h.inbox().count == 1)
        #expect(h.smsRequests().isEmpty)
        let eight = Timestamp.parseRFC3339("2026-12-01T00:00:00Z")!
        #expect(try h.deferred().map(\.1) == [eight])
        h.clock.set(nowMs: eight - 1)
        #expect(try h.forwardDeferred() == 0)
        h.clock.set(nowMs: eight)
        #expect(try h.forwardDeferred() == 1)
        #expect(try h.result("n-night:r1")["outcome"] == "delivered")
        #expect(h.smsRequests().count == 1)
        #expect(try h.inbox().count == 1)
    }

    @Test func dingTalk_signedRequest_andWebhook() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try h.setContact("inst-1", ContactPreferences(dingtalkWebhook: h.http.url + "/robot/send?access_token=abc", dingtalkSecret: "SECsecret"))
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-ding", channels: ["dingtalk", "webhook"]))["outcome"] == "delivered")
        let ding = try #require(h.http.requests.first { $0.target.hasPrefix("/robot/send") })
        let now = h.clock.nowMs()
        let sign = DingTalkSigner.signature(timestampMs: now, secret: "SECsecret")
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(ding.target == "/robot/send?access_token=abc&timestamp=\(now)&sign=\(sign)")
        #expect(ding.json?["msgtype"] as? String == "text")
        let hook = try #require(h.http.requests.first { $0.target == "/hook" })
        #expect(hook.json?["notificationId"] as? String == "n-ding")
    }

    @Test func hangingGateway_timesOut_andIsDeferred() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        h.settings.httpTimeoutMs = 300
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        h.http.script([.hang(ms: 3_000)])
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        let started = Date()
        #expect(try h.run(h.envelope("n-hang"))["outcome"] == "deferred")
        #expect(Date().timeIntervalSince(started) < 2.9)
        #expect(try h.status("n-hang")["sms.detail"]?.contains("retry") == true)
    }

    @Test func rateLimit_sixthSMSInAMinute_waitsForTheNextMinute() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        h.settings.perMinuteLimit = 2
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-a"))["outcome"] == "delivered")
        #expect(try h.run(h.envelope("n-b"))["outcome"] == "delivered")
        #expect(try h.run(h.envelope("n-c"))["outcome"] == "deferred")
        #expect(h.smsRequests().count == 2)
        #expect(try h.deferred().first?.1 == (h.clock.nowMs() / 60_000 + 1) * 60_000)
    }

    @Test func circuitBreaker_opensAfterFailures_andSkipsTheGateway() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        h.breakers = CircuitBreakers(threshold: 2, openMs: 30_000)
        h.http.setFallback(.status(500))
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        for i in 0..<4 { #expect(try h.run(h.envelope("n-cb\(i)"))["outcome"] == "deferred") }
        #expect(h.smsRequests().count == 2)
        #expect(try h.status("n-cb3")["sms.detail"]?.contains("circuit open") == true)
    }
}
