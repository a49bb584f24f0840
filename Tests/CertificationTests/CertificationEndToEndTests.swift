import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import WorkflowKernel

/// The real `certification-worker` and `vtctl` executables against a real redis-server.
@Suite struct CertificationEndToEndTests {
    func vtctl(_ h: CertificationHarness, _ arguments: [String]) throws -> (code: Int32, out: String) { try h.env.runVtctl(arguments) }

    @Test func realWorker_submitThenApprove_andEveryRefusal() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startProcess(name: "cert")
        try CertificationScenarios.submitThenApprove(h)
        try CertificationScenarios.refusals(h)
        #expect(worker.terminate() == 0)
        #expect(worker.log.contains("institution submitted for review"))
        #expect(!worker.log.contains(DomainFixtures.phone(101)), "phones are masked in logs")
        #expect(worker.log.contains("139****0101"))
    }

    @Test func twoWorkerProcessesRacingOpposingDecisions_exactlyOneWinsEachTime() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let a = try h.startProcess(name: "a", concurrency: 1)
        let b = try h.startProcess(name: "b", concurrency: 1)
        try CertificationScenarios.racingDecisions(h, rounds: 30)
        #expect(a.terminate() == 0)
        #expect(b.terminate() == 0)
    }

    @Test func vtctl_certifiesAnInstitutionFromTheCommandLine() throws {
        let h = try CertificationHarness()
        defer { h.stop() }
        let worker = try h.startProcess(name: "cert")
        defer { worker.terminate() }
        #expect(try vtctl(h, ["reviewer", "add", "zhang", "--department", "430100", "--name", "张三"]).code == 0)
        #expect(try vtctl(h, ["reviewer", "list", "--json"]).out.contains(#""reviewerId":"zhang""#))
        let file = h.env.directory.appendingPathComponent("institution.json")
        try JSONValue.object(DomainFixtures.submission("hn-1", n: 42)).jsonString.write(to: file, atomically: true, encoding: .utf8)
        let submitted = try vtctl(h, ["certification", "submit", "--file", file.path])
        #expect(submitted.code == 0, "\(submitted.out)")
        #expect(submitted.out.contains("pending_review"))
        #expect(submitted.out.contains("revision: 1"))
        let list = try vtctl(h, ["review", "list", "--department", "430100"])
        #expect(list.code == 0)
        #expect(list.out.contains("hn-1"))
        let decide = ["review", "decide", "--institution", "hn-1", "--revision", "1", "--reviewer", "zhang", "--department", "430100"]
        #expect(try vtctl(h, decide + ["--decision", "approve", "--reviewer-typo"]).code == 2)
        let approved = try vtctl(h, decide + ["--decision", "approve"])
        #expect(approved.code == 0, "\(approved.out)")
        #expect(approved.out.contains("done: approved"))
        let again = try vtctl(h, ["--json"] + decide + ["--decision", "reject", "--reason", "重复"])
        #expect(again.code == 3)
        #expect(try JSONValue.parse(again.out.trimmingCharacters(in: .whitespacesAndNewlines))["outcome"] == "already_decided")
        let shown = try vtctl(h, ["institution", "show", "hn-1", "--json"])
        #expect(shown.code == 0)
        let view = try JSONValue.parse(shown.out.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(view["state"] == "certified")
        #expect(view["history"]?.arrayValue?.compactMap { $0["action"]?.stringValue } == ["submitted", "approved"])
        #expect(view["current"]?["contactPhone"] == "139****0042")
        #expect(try vtctl(h, ["institution", "show", "hn-1"]).out.contains("certified (已认证)"))
        #expect(try vtctl(h, ["review", "list", "--department", "430100"]).out.contains("nothing pending"))
        #expect(try vtctl(h, ["--prefix", "\(h.env.prefix)-idle"] + decide + ["--decision", "approve", "--timeout", "1"]).code == 5)
        #expect(try vtctl(h, ["reviewer", "remove", "zhang"]).code == 0)
        #expect(try vtctl(h, ["reviewer", "remove", "zhang"]).code == 1)
    }
}
