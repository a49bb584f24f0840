import Foundation
import JobQueue
import RedisClient
import Subsidy
import TestSupport
import Testing
import TrainingDomain

/// The real `subsidy-worker` and `vtctl`: a clerk claims, a reviewer lists and decides in part,
/// anyone reads the claim and a person's grants; a bad policy file stops the worker at start.
@Suite struct SubsidyEndToEndTests {
    typealias S = SubsidyHarness.Student
    static let a = SubsidyHarness.id(1), b = SubsidyHarness.id(3), c = SubsidyHarness.id(5)

    @Test func vtctl_claim_reviewList_partialDecision_show_granted() throws {
        let h = try SubsidyHarness()
        defer { h.stop() }
        try h.certify("inst-1")
        try h.addReviewer("rev-1")
        try h.closedClass("cls-1", students: [S(id: Self.a), S(id: Self.b, type: "退役军人"), S(id: Self.c, seconds: 600)])
        let worker = try h.startProcess(name: "subsidy")
        defer { worker.terminate() }

        let claimed = try h.env.runVtctl(["subsidy", "claim", "--claim", "claim-1", "--institution", "inst-1", "--class", "cls-1",
                                          "--certificate", "CERT-1", "--department", "430100"])
        #expect(claimed.code == 0 && claimed.out.contains("done: pending_review") && claimed.out.contains("2 of 3 students eligible, 1600 yuan"), "\(claimed.out)")
        let list = try h.env.runVtctl(["review", "list", "--kind", "subsidy", "--department", "430100"])
        #expect(list.code == 0 && list.out.contains("claim-1") && list.out.contains("2/3") && list.out.contains("1600 元"), "\(list.out)")
        let listed = try JSONValue.parse(try h.env.runVtctl(["--json", "review", "list", "--kind", "subsidy", "--department", "430100"]).out)
        #expect(listed.arrayValue?.first?["claimedAmount"]?.intValue == 1600 && listed.arrayValue?.first?["revision"]?.intValue == 1)

        // Partial: a approved, b refused.
        let decided = try h.env.runVtctl(["review", "decide", "--kind", "subsidy", "--claim", "claim-1", "--revision", "1", "--reviewer", "rev-1",
                                          "--department", "430100", "--decision", "partial", "--reason", "材料待补",
                                          "--students", "\(Self.a)=approve,\(Self.b)=reject"])
        #expect(decided.code == 0 && decided.out.contains("done: partially_approved") && decided.out.contains("1 students granted, 800 yuan"), "\(decided.out)")
        let show = try h.env.runVtctl(["subsidy", "show", "claim-1"])
        #expect(show.code == 0 && show.out.contains("partially_approved") && show.out.contains("hours_short（线上培训课时不足）"), "\(show.out)")
        #expect(show.out.contains("claimed by institution:inst-1") && show.out.contains("partially_approved by reviewer:rev-1") && show.out.contains("reason: 材料待补"))
        let json = try JSONValue.parse(try h.env.runVtctl(["--json", "subsidy", "show", "claim-1"]).out)
        #expect(json["decision"]?["granted"] == .array([.string(Self.a)]) && json["decision"]?["grantedAmount"]?.intValue == 800)
        #expect(json["lines"]?.arrayValue?.map { $0["eligible"]?.boolValue } == [true, true, false] && json["audit"]?.arrayValue?.count == 2)
        let granted = try h.env.runVtctl(["subsidy", "granted", "--id", Self.a])
        #expect(granted.code == 0 && granted.out.contains("electrician") && granted.out.contains("claim-1") && granted.out.contains("2026: 1"), "\(granted.out)")
        #expect(try h.env.runVtctl(["subsidy", "granted", "--id", Self.b]).out.contains("no subsidy granted"))

        // Refused and malformed input: exit codes, nothing changed.
        #expect(try h.env.runVtctl(["subsidy", "claim", "--claim", "claim-2", "--institution", "inst-1", "--class", "cls-1", "--certificate", "CERT-1",
                                    "--department", "430100"]).code == 3)
        #expect(try h.env.runVtctl(["subsidy", "claim", "--claim", "claim 3", "--institution", "inst-1", "--class", "cls-1", "--certificate", "CERT-1",
                                    "--department", "430100"]).code == 2)
        #expect(try h.env.runVtctl(["review", "decide", "--kind", "subsidy", "--claim", "claim-1", "--revision", "1", "--reviewer", "rev-1",
                                    "--department", "430100", "--decision", "partial"]).code == 2)
        #expect(try h.env.runVtctl(["review", "decide", "--claim", "claim-1", "--revision", "1", "--reviewer", "rev-1",
                                    "--department", "430100", "--decision", "approve"]).code == 2)
        #expect(try h.env.runVtctl(["subsidy", "show", "claim-404"]).code == 1)
        #expect(try h.env.runVtctl(["subsidy", "granted", "--id", "12345"]).code == 2)
        #expect(try h.grants(Self.a).count(in: 2026) == 1)
    }

    @Test func badPolicyFile_stopsTheWorkerAtStart_namingTheField() throws {
        let h = try SubsidyHarness()
        defer { h.stop() }
        let path = h.env.directory.appendingPathComponent("policy.json").path
        try #"{"amountsByLevel": {"junior": -5}, "eligibleStudentTypes": ["其他"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try h.startProcess(name: "bad-policy", extra: ["VT_SUBSIDY_POLICY": path])
        #expect(eventually(timeout: 10) { !bad.isRunning })
        #expect(bad.process.terminationStatus == 2 && bad.log.contains("subsidy policy: amountsByLevel.junior must be 0–1000000 yuan"), "\(bad.log)")
        let missing = try h.startProcess(name: "missing-policy", extra: ["VT_SUBSIDY_POLICY": "/nonexistent/policy.json"])
        #expect(eventually(timeout: 10) { !missing.isRunning })
        #expect(missing.process.terminationStatus == 2 && missing.log.contains("VT_SUBSIDY_POLICY names a file that cannot be read"))
    }
}
