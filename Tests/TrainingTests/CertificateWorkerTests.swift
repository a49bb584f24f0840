import ClassQueries
import DomainFixtures
import ECertificate
import Foundation
import JobQueue
import Qualification
import RedisClient
import TestSupport
import Testing
import Training
import TrainingDomain
import TrainingQueries
import WorkflowKernel

/// `certificate.requested` against a real redis-server, with workers in this process: the class
/// closed once and its certificate stored once, whatever races and repeats; hours and scores
/// frozen; refusals that close nothing.
@Suite struct CertificateWorkerTests {
    static let a = TrainingFixtures.id(21), b = TrainingFixtures.id(22), c = TrainingFixtures.id(23)

    /// A locked class of three students (in the order c, a, b) of a certified institution, in the
    /// enrolment index, with hours and scores.
    static func prepare(_ h: TrainingWorkerTests.Harness, classId: String = "class-1", institution: String = "inst-1") throws {
        try DomainFixtures.certifyAndQualify(institution, keys: QualificationKeys(h.env.keys), on: h.c)
        try TrainingFixtures.makeClass(classId, institution: institution, students: [c, a, b], keys: h.env.keys, on: h.c)
        let index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: h.env.prefix)
        let buckets = try index.read(buckets: EnrollmentIndex.buckets(of: [a, b, c])) { try h.c.pipeline($0) }
        for command in buckets.claiming([a, b, c]) { _ = try h.c.send(command).throwingServerError() }
        #expect(try h.learning("rec-a", student: a, seconds: 4_000, classId: classId)["outcome"] == "recorded")
        #expect(try h.learning("rec-c", student: c, seconds: 2_700, classId: classId)["outcome"] == "recorded")
        #expect(try h.run(ScoresPayload.type, ["classId": .string(classId), "institutionId": .string(institution), "scores": [
            ["idNumber": .string(a), "theory": 85.5, "practical": 60], ["idNumber": .string(b), "theory": 59.99, "practical": 90]]])["outcome"] == "scores_recorded")
    }

    static func request(_ h: TrainingWorkerTests.Harness, classId: String = "class-1", institution: String = "inst-1", id: String? = nil) throws -> [String: String] {
        try h.run(CertificatePayload.type, CertificateRequest(classId: classId, institutionId: institution).json, id: id)
    }

    @Test func firstRequest_closesTheClass_releasesItsStudents_andStoresOneSignedCertificate() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try Self.prepare(h)
        let result = try Self.request(h)
        #expect(result["status"] == "done" && result["outcome"] == "certificate_issued" && result["studentCount"] == "3" && result["qualifiedCount"] == "1",
                "\(result)")
        let id = try #require(result["certificateId"])
        #expect(id.hasPrefix("EC") && id.count == 30)
        let cls = try h.c.send("HGETALL", h.keys.classRecord("class-1")).fieldMap
        #expect(cls["state"] == "closed" && cls["certificateId"] == id && cls["version"] == "3" && cls["closedAt"] != nil)
        let stored = try #require(try CertificateRecord(fields: h.c.send("HGETALL", h.keys.certificate(id)).fieldMap))
        #expect(stored.classId == "class-1" && stored.institutionId == "inst-1" && stored.institutionName == "机构inst-1" && stored.studentCount == 3
                && stored.qualifiedCount == 1 && stored.openedAt == "2026-11-02T09:30:00+08:00" && stored.closedAt.hasSuffix("+08:00"))
        let pdf = try #require(h.c.send("GET", h.keys.certificatePDF(id)).bytes)
        #expect(pdf.starts(with: Array("%PDF".utf8)) && pdf.count == stored.pdfBytes)
        let summary = try CertificateQRText.verify(stored.qr, with: TrainingWorkerTests.signingKey.verifyingKey)
        #expect(summary.certificateId == id && summary.studentCount == 3 && summary.qualifiedCount == 1 && summary.rosterSha256 == stored.rosterSha256)
        // The students leave the enrolment index: they may join another class of the occupation now.
        let index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: h.env.prefix)
        let after = try index.read(buckets: EnrollmentIndex.buckets(of: [Self.a, Self.b, Self.c])) { try h.c.pipeline($0) }
        #expect(after.count == 0)
        // One audit entry per commit, two events with their own ids, one notification.
        let audit = try (h.c.send("XRANGE", h.keys.audit("class-1"), "-", "+").array ?? []).compactMap(AuditEntry.init(streamEntry:))
        #expect(audit.map(\.action).suffix(2) == ["closed", "certificate_issued"])
        let events = try (h.c.send("XRANGE", h.keys.events, "-", "+").array ?? []).compactMap { $0.array?[1].fieldMap["event"] }.map { try JSONValue.parse($0) }
        let mine = events.filter { ["class.closed", "certificate.issued"].contains($0["type"]?.stringValue ?? "") }
        #expect(mine.map { $0["type"]?.stringValue } == ["class.closed", "certificate.issued"])
        #expect(Set(mine.compactMap { $0["id"]?.stringValue }).count == 2 && mine[1]["payload"]?["certificateId"] == .string(id))
        let notifications = try (h.c.send("XRANGE", h.keys.notificationQueue, "-", "+").array ?? []).compactMap { $0.array?[1].fieldMap["job"] }
            .map { try JSONValue.parse($0) }.filter { $0["payload"]?["template"] == "certificate.issued" }
        #expect(notifications.count == 1 && notifications.first?["payload"]?["params"]?["certificateId"] == .string(id))
        #expect(h.workers[0].metrics.value("steps") == 1)
    }

    @Test func laterRequests_returnTheSameCertificate_byteForByte() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try Self.prepare(h)
        let first = try Self.request(h)
        let id = try #require(first["certificateId"])
        let pdf = try h.c.send("GET", h.keys.certificatePDF(id)).bytes
        let hash = try h.c.send("HGETALL", h.keys.certificate(id)).fieldMap
        let second = try Self.request(h)
        #expect(second["status"] == "done" && second["outcome"] == "certificate_issued" && second["certificateId"] == id
                && second["message"]?.contains("issued before") == true)
        #expect(try h.c.send("GET", h.keys.certificatePDF(id)).bytes == pdf && h.c.send("HGETALL", h.keys.certificate(id)).fieldMap == hash)
        #expect(try h.c.send("KEYS", "\(h.env.prefix):certificate:*").array?.count == 2, "one hash and one PDF")
    }

    @Test func afterTheCertificate_learningIsNotCounted_andScoresAreLocked_byHandAndByFile() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try Self.prepare(h)
        #expect(try Self.request(h)["outcome"] == "certificate_issued")
        let hours = try h.hours()
        let late = try h.learning("rec-late", student: Self.b, seconds: 9_000)
        #expect(late["status"] == "done" && late["outcome"] == "not_counted")
        #expect(try h.hours() == hours)
        let scores = try h.c.send("HGETALL", h.keys.scores("class-1")).fieldMap
        let byHand = try h.run(ScoresPayload.type, ["classId": "class-1", "institutionId": "inst-1", "scores": [["idNumber": .string(Self.b), "theory": 100, "practical": 100]]])
        #expect(byHand["status"] == "rejected" && byHand["outcome"] == "scores_locked")
        _ = try h.c.send("SET", "up:late", "姓名,身份证号,理论成绩,实操成绩\n李四,\(Self.b),100,100\n").throwingServerError()
        let byFile = try h.run(ScoresImportPayload.type, ScoresImportRequest(importId: "late-1", institutionId: "inst-1", classId: "class-1",
                                                                           source: .redisKey("up:late"), format: "csv").json)
        #expect(byFile["status"] == "rejected" && byFile["outcome"] == "scores_locked")
        #expect(try h.c.send("HGETALL", h.keys.scores("class-1")).fieldMap == scores)
    }

    @Test func refusals_unknownClass_forbidden_rosterEmpty_closeNothing() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try Self.prepare(h)
        try TrainingFixtures.makeClass("class-empty", students: [], keys: h.env.keys, on: h.c)
        let before = try h.c.send("HGETALL", h.keys.classRecord("class-1")).fieldMap
        let unknown = try Self.request(h, classId: "class-404")
        #expect(unknown["status"] == "rejected" && unknown["outcome"] == "unknown_class")
        let forbidden = try Self.request(h, institution: "inst-2")
        #expect(forbidden["status"] == "rejected" && forbidden["outcome"] == "forbidden")
        let empty = try Self.request(h, classId: "class-empty")
        #expect(empty["status"] == "rejected" && empty["outcome"] == "roster_empty")
        let invalid = try h.run(CertificatePayload.type, ["classId": "class 1", "institutionId": "inst-1"])
        #expect(invalid["status"] == "rejected" && invalid["outcome"] == "validation_failed" && invalid["errors"]?.contains("payload.classId") == true)
        #expect(try h.c.send("HGETALL", h.keys.classRecord("class-1")).fieldMap == before)
        #expect(try h.c.send("HGET", h.keys.classRecord("class-empty"), "state").string == "locked")
        #expect(try h.c.send("KEYS", "\(h.env.prefix):certificate:*").array?.isEmpty == true)
        #expect(try h.learning("rec-after", student: Self.b, seconds: 60)["outcome"] == "recorded")
    }

    @Test func requestsAtOnce_onTwoWorkers_closeOnce_andIssueOneCertificate() throws {
        let h = try TrainingWorkerTests.Harness(workers: 2, concurrency: 4)
        defer { h.stop() }
        try Self.prepare(h)
        for n in 0..<12 {
            try h.env.producer.enqueue(h.envelope(CertificatePayload.type, CertificateRequest(classId: "class-1", institutionId: "inst-1").json, id: "cert-\(n)"),
                                       queue: "training", on: h.c)
        }
        let results = try (0..<12).map { try h.env.producer.waitForResult(of: "cert-\($0)", timeoutMs: 30_000, on: h.c) }
        #expect(results.allSatisfy { $0["outcome"] == "certificate_issued" }, "\(results.map { $0["outcome"] ?? "-" })")
        #expect(Set(results.compactMap { $0["certificateId"] }).count == 1)
        #expect(try h.c.send("KEYS", "\(h.env.prefix):certificate:*").array?.count == 2)
        let audit = try (h.c.send("XRANGE", h.keys.audit("class-1"), "-", "+").array ?? []).compactMap(AuditEntry.init(streamEntry:))
        #expect(audit.filter { $0.action == "closed" }.count == 1 && audit.filter { $0.action == "certificate_issued" }.count == 1)
    }

    @Test func aClosingWhoseJobDiedBeforeIssuing_isIssuedByTheNextRequest_withItsCertificateId() throws {
        let h = try TrainingWorkerTests.Harness()
        defer { h.stop() }
        try Self.prepare(h)
        // The step applied, then the worker died: the class is closed with its id, no certificate stored.
        _ = try h.c.send("HSET", h.keys.classRecord("class-1"), "state", "closed", "closedAt", "2026-11-29T07:30:12.000Z",
                         "certificateId", "EC20261129-153012-000000000001", "version", "3").throwingServerError()
        let result = try Self.request(h)
        #expect(result["outcome"] == "certificate_issued" && result["certificateId"] == "EC20261129-153012-000000000001")
        let stored = try #require(try CertificateRecord(fields: h.c.send("HGETALL", h.keys.certificate("EC20261129-153012-000000000001")).fieldMap))
        #expect(stored.closedAt == "2026-11-29T15:30:12+08:00" && stored.studentCount == 3)
        #expect(h.workers[0].metrics.value("steps") == 0, "nothing left to close")
    }
}
