import Foundation
import JobQueue
import Notification
import TestSupport
import Testing

/// The real `notification-worker` and `vtctl` against a real redis-server and the local gateway.
@Suite struct NotificationEndToEndTests {
    func vtctl(_ h: NotificationHarness, _ arguments: [String]) throws -> (code: Int32, out: String) { try h.env.runVtctl(arguments) }

    @Test func realWorker_retriesTheGateway_andVtctlShowsTheInbox() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        let set = try vtctl(h, ["contact", "set", "inst-e2e", "--phone", "13812345678", "--channels", "inbox,sms",
                                "--dingtalk-secret", "SECtopsecret"])
        #expect(set.code == 0 && set.out.contains("138****5678") && set.out.contains("***"))
        #expect(!set.out.contains("SECtopsecret") && !set.out.contains("13812345678"))
        h.http.script([.status(500, "{\"error\":\"down\"}")])
        var env = h.env.environment(h.env.configuration(concurrency: 2))
        env["VT_SMS_URL"] = h.http.url + "/sms"
        env["VT_SMS_KEY"] = "sms-key-secret"
        env["VT_SMS_QUIET_HOURS"] = ""
        env["VT_NOTIFY_RETRY_BASE_MS"] = "0"
        let worker = try ChildProcess(executable: builtExecutable("notification-worker"), environment: env,
                                      logDirectory: h.env.directory, name: "notification")
        let envelope = h.envelope("n-e2e", institution: "inst-e2e", template: "qualification.expiring", params: [
            "item": "育婴员（中级/四级）", "validUntil": "2027-01-31", "daysLeft": 7])
        #expect(try h.run(envelope)["outcome"] == "deferred")
        #expect(try h.result("n-e2e:r1")["outcome"] == "delivered")
        #expect(h.smsRequests().count == 2)
        #expect(h.smsRequests().allSatisfy { $0.json?["idempotencyKey"] as? String == "n-e2e:sms" })

        let unread = try vtctl(h, ["inbox", "list", "inst-e2e", "--unread"])
        #expect(unread.code == 0 && unread.out.contains("培训资质即将到期") && unread.out.contains("剩余7天"))
        let entryId = try #require(try h.c.send("XRANGE", h.keys.inbox("inst-e2e"), "-", "+").array?.first?.array?.first?.string)
        #expect(try vtctl(h, ["inbox", "read", "inst-e2e", entryId]).code == 0)
        #expect(try vtctl(h, ["inbox", "list", "inst-e2e", "--unread"]).out.contains("no unread messages"))
        #expect(try vtctl(h, ["inbox", "read", "inst-e2e", "9-9"]).code == 1)
        #expect(try vtctl(h, ["inbox", "read", "inst-e2e", "--all"]).out.contains("0 messages marked read"))
        let json = try vtctl(h, ["--json", "inbox", "list", "inst-e2e"])
        #expect(json.out.contains("\"read\":true"))

        #expect(worker.terminate() == 0)
        #expect(worker.log.contains("notification processed"))
        for secret in ["13812345678", "sms-key-secret", "SECtopsecret"] { #expect(!worker.log.contains(secret)) }
    }
}
