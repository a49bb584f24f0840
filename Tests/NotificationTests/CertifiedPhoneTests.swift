import CertificationQueries
import JobQueue
import Notification
import RedisClient
import Testing

/// Issue 14, item 5: a certified institution gets SMS at its certified 联系电话 by default.
@Suite(.serialized) struct CertifiedPhoneTests {
    /// Stores a certified institution with `phone` as its certified contact phone.
    func certify(_ h: NotificationHarness, _ id: String = "inst-1", phone: String) throws {
        var record = InstitutionRecord(institutionId: id)
        record.version = 2
        record.revision = 1
        record.departmentId = "430100"
        record.current = InstitutionProfile(institutionId: id, name: "长沙某某职业培训学校", principal: "张三", contactPhone: phone,
                                            licenseType: .businessLicense, licenseNumber: "91430100MA4L000000",
                                            departmentId: "430100", regionCode: "430102", address: "长沙")
        _ = try h.c.send(RedisCommand.hset(CertificationQuery.institutionKey(id, prefix: h.env.keys.prefix), record.fields)).throwingServerError()
    }

    @Test func certifiedInstitution_withoutAContactRecord_getsSMSAtItsCertifiedPhone() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try certify(h, phone: "13907311234")
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-cert"))["outcome"] == "delivered")
        #expect(h.smsRequests().map { $0.json?["phone"] as? String } == ["13907311234"])
    }

    @Test func anApprovedChangeOfPhone_isUsed_andAContactPhoneOverridesIt() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try certify(h, phone: "13907311234")
        try certify(h, phone: "13907315678")
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-changed"))["outcome"] == "delivered")
        try h.setContact("inst-1", ContactPreferences(phone: "13812345678"))
        #expect(try h.run(h.envelope("n-override"))["outcome"] == "delivered")
        #expect(h.smsRequests().map { $0.json?["phone"] as? String } == ["13907315678", "13812345678"])
    }

    @Test func optedOutInstitution_getsNoSMS_evenWithACertifiedPhone() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        try certify(h, phone: "13907311234")
        try h.setContact("inst-1", ContactPreferences(smsOptOut: true))
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-optout"))["outcome"] == "delivered")
        #expect(h.smsRequests().isEmpty)
        #expect(try h.inbox().count == 1)
    }

    @Test func unreadableCertificationRecord_stillDeliversToTheInbox() throws {
        let h = try NotificationHarness()
        defer { h.stop() }
        _ = try h.c.send("HSET", CertificationQuery.institutionKey("inst-1", prefix: h.env.keys.prefix), "current", "{not json").throwingServerError()
        let w = try h.startWorker()
        defer { w.stop(); w.waitUntilStopped() }
        #expect(try h.run(h.envelope("n-broken"))["outcome"] == "delivered")
        #expect(h.smsRequests().isEmpty)
        #expect(try h.inbox().count == 1)
    }
}
