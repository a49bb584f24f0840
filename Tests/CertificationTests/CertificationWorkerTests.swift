import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import JobQueue
import RedisClient
import TestSupport
import Testing
import WorkflowKernel

/// The workflow against a real redis-server with workers in this process.
@Suite struct CertificationWorkerTests {
    @Test func submitThenApprove_certifiesTheInstitution() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startWorker()
        defer { worker.stop(); worker.waitUntilStopped() }
        try CertificationScenarios.submitThenApprove(h)
    }

    @Test func everyRefusal_isARejectedResult_andWritesNothingElse() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startWorker()
        defer { worker.stop(); worker.waitUntilStopped() }
        try CertificationScenarios.refusals(h)
    }

    @Test func twoWorkersRacingOpposingDecisions_exactlyOneWinsEachTime() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let a = try h.startWorker(concurrency: 1, fetchCount: 1)
        let b = try h.startWorker(concurrency: 1, fetchCount: 1)
        defer {
            a.stop(); b.stop()
            a.waitUntilStopped(); b.waitUntilStopped()
        }
        try CertificationScenarios.racingDecisions(h, rounds: 30)
    }

    @Test func twoInstitutionsRacingForOneLicence_exactlyOneHoldsIt() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let a = try h.startWorker(concurrency: 1, fetchCount: 1)
        let b = try h.startWorker(concurrency: 1, fetchCount: 1)
        defer {
            a.stop(); b.stop()
            a.waitUntilStopped(); b.waitUntilStopped()
        }
        for i in 0..<10 {
            var second = DomainFixtures.submission("twin-b-\(i)", n: 5_000 + i)
            second["licenseNumber"] = .string(DomainFixtures.license(4_000 + i))
            let first = h.submitEnvelope(DomainFixtures.submission("twin-a-\(i)", n: 4_000 + i))
            let other = h.submitEnvelope(second)
            _ = try h.c.pipeline([h.producer.enqueueCommand(first, queue: "certification"),
                                  h.producer.enqueueCommand(other, queue: "certification")])
            let outcomes = [try h.producer.waitForResult(of: first.id, timeoutMs: 20_000, on: h.c)["outcome"],
                            try h.producer.waitForResult(of: other.id, timeoutMs: 20_000, on: h.c)["outcome"]]
            #expect(outcomes.filter { $0 == "pending_review" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "duplicate_license" }.count == 1, "\(outcomes)")
        }
    }

    @Test func reviewerRemoved_laterDecisionsAreForbidden() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startWorker()
        defer { worker.stop(); worker.waitUntilStopped() }
        try h.addReviewer("rev-1")
        try h.submit("inst-x", n: 7)
        #expect(try ReviewerRegistry(keys: h.keys.reviewerKeys, connection: h.c).remove(reviewerId: "rev-1"))
        #expect(try h.decide("inst-x", revision: 1)["outcome"] == "forbidden")
        try h.addReviewer("rev-1")
        #expect(try h.decide("inst-x", revision: 1)["outcome"] == "approved")
    }

    @Test func certifiedInstitutionsChange_staysCertifiedUntilApproved_thenTheNewDataHolds() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startWorker()
        defer { worker.stop(); worker.waitUntilStopped() }
        try h.addReviewer("rev-1")
        try h.submit("inst-y", n: 8)
        try h.decide("inst-y", revision: 1)
        #expect(try h.submit("inst-y", n: 9)["revision"] == "2")
        var state = try h.institution("inst-y")
        #expect(state["state"] == "certified")
        #expect(state["current"]?.contains(DomainFixtures.license(8)) == true)
        #expect(try h.reviewSet("430100") == ["inst-y"])
        // While the change is pending both numbers stay reserved for this institution.
        #expect(try h.c.send("HGET", h.keys.licenseIndex, DomainFixtures.license(8)).string == "inst-y")
        #expect(try h.c.send("HGET", h.keys.licenseIndex, DomainFixtures.license(9)).string == "inst-y")
        #expect(try h.decide("inst-y", revision: 2)["outcome"] == "approved")
        state = try h.institution("inst-y")
        #expect(state["current"]?.contains(DomainFixtures.license(9)) == true)
        #expect(try h.c.send("HGET", h.keys.licenseIndex, DomainFixtures.license(8)).isNull)
        #expect(try h.c.send("HGET", h.keys.phoneIndex, DomainFixtures.phone(8)).isNull)
    }
}
