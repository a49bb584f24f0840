import ClassQueries
import Foundation
import JobQueue
import RedisClient
import Subsidy
import TestSupport
import Testing
import TrainingDomain

/// The seed's last two steps with the real workers: the training-worker closes a class by issuing
/// its e-certificate, and the subsidy-worker takes the claim made with that certificate; a claim
/// before the certificate, or naming another one, is `not_closed`.
@Suite struct SubsidyCertificateTests {
    typealias S = SubsidyHarness.Student
    static let a = SubsidyHarness.id(1), b = SubsidyHarness.id(3), c = SubsidyHarness.id(5)

    @Test func certificateClosesTheClass_thenItsClaimIsReviewedAndGranted() throws {
        let h = try SubsidyHarness()
        defer { h.stop() }
        try h.certify("inst-1")
        try h.addReviewer("rev-1")
        try h.closedClass("cls-1", certificate: nil, students: [S(id: Self.a), S(id: Self.b, theory: 40), S(id: Self.c, type: "退役军人")])
        // As the import leaves a class: its audit trail's `created` entry (开班时间), its students in the enrolment index.
        _ = try h.c.send("XADD", ClassQuery.auditKey("cls-1", prefix: h.env.prefix), "*", "action", "created", "actor", "institution:inst-1",
                         "revision", "1", "at", "2026-11-02T01:30:00.000Z").throwingServerError()
        let index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: h.env.prefix)
        let ids = [Self.a, Self.b, Self.c]
        let buckets = try index.read(buckets: EnrollmentIndex.buckets(of: ids)) { try h.c.pipeline($0) }
        for command in buckets.claiming(ids) { _ = try h.c.send(command).throwingServerError() }

        let training = try ChildProcess(executable: builtExecutable("training-worker"), environment: h.env.environment(h.env.configuration(concurrency: 2)),
                                        logDirectory: h.env.directory, name: "training")
        defer { training.terminate() }
        let subsidy = try h.startProcess(name: "subsidy")
        defer { subsidy.terminate() }

        #expect(try h.run(h.claimEnvelope("claim-early", classId: "cls-1", certificate: "EC-NONE"))["outcome"] == "not_closed")
        let request = h.envelope("certificate.requested", ["classId": "cls-1", "institutionId": "inst-1"])
        try h.env.producer.enqueue(request, queue: "training", on: h.c)
        let issued = try h.env.producer.waitForResult(of: request.id, timeoutMs: 30_000, on: h.c)
        #expect(issued["outcome"] == "certificate_issued", "\(issued)")
        let certificate = try #require(issued["certificateId"])

        #expect(try h.run(h.claimEnvelope("claim-other", classId: "cls-1", certificate: "EC-OTHER"))["outcome"] == "not_closed")
        let claimed = try h.run(h.claimEnvelope("claim-1", classId: "cls-1", certificate: certificate))
        #expect(claimed["outcome"] == "pending_review" && claimed["eligibleCount"] == "2" && claimed["claimedAmount"] == "1600", "\(claimed)")
        let claim = try #require(try h.claim("claim-1"))
        #expect(claim.lines.map(\.reasons) == [[], [.notPassed], []] && claim.certificateId == certificate)
        let decided = try h.run(h.decideEnvelope("claim-1"))
        #expect(decided["outcome"] == "approved" && decided["grantedCount"] == "2" && decided["grantedAmount"] == "1600")
        #expect(try h.grants(Self.c).grant(occupation: "electrician", level: .junior)?.classId == "cls-1")
        #expect(try h.run(h.claimEnvelope("claim-2", classId: "cls-1", certificate: certificate))["outcome"] == "already_claimed")
    }
}
