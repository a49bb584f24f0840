import JobQueue
import Subsidy
import Testing
@testable import vtctl

/// vtctl's subsidy command lines, parsed without running anything.
@Suite struct SubsidyInvocationTests {
    static let id = "43010219900101018X"

    @Test func subsidyNouns_parse() throws {
        let claim = try command("subsidy claim --claim c-1 --institution inst-1 --class cls-1 --certificate CERT-1 --department 430100", as: SubsidyCommand.Claim.self)
        #expect(claim == SubsidyCommand.Claim(request: SubsidyClaimRequest(claimId: "c-1", institutionId: "inst-1", classId: "cls-1",
                                                                          certificateId: "CERT-1", departmentId: "430100"), timeoutSeconds: 30))
        #expect(usageError("subsidy claim --claim c-1 --institution inst-1 --class cls-1 --certificate CERT-1 --department 999999")?
            .contains("payload.departmentId") == true)
        #expect(usageError("subsidy claim --claim c-1") == "--institution is required")
        #expect(try command("subsidy show claim-1") == SubsidyCommand.Show(claimId: "claim-1"))
        #expect(usageError("subsidy show") == "CLAIM is required")
        #expect(try command("subsidy granted --id 43010219900101018x") == SubsidyCommand.Granted(idNumber: Self.id))
        #expect(usageError("subsidy granted --id 4301") == "--id must be an 18-character resident ID number")
    }

    @Test func review_kindSubsidy_listAndDecide() throws {
        #expect(try command("review list --kind subsidy --department 430100") == ReviewCommand.List.subsidy(departmentId: "430100"))
        let line = "review decide --kind subsidy --claim c-1 --revision 1 --reviewer r --department 430100 --decision partial --students \(Self.id)=approve,430102199001010032=reject"
        guard case .subsidy(let o) = try command(line, as: ReviewCommand.Decide.self) else { Issue.record("not a subsidy decision"); return }
        #expect(o.claimId == "c-1" && o.students.map(\.approve) == [true, false])
        let envelope = SubsidyReview.envelope(o, jobId: "vtctl-decide-1", nowMs: 0, producer: "p")
        let request = try SubsidyDecisionPayload.decode(try JobEnvelope.decode(Array(envelope.jsonString.utf8)).payload).get()
        #expect(request.claimId == "c-1" && request.verdict == .partial(students: o.students, reason: nil))
        let base = "review decide --kind subsidy --claim c-1 --revision 1 --reviewer r --department 430100"
        #expect(usageError("\(base) --decision partial") == "--students is required for a partial decision")
        #expect(usageError("\(base) --decision approve --students \(Self.id)=approve") == "--students is only for a partial decision")
        #expect(usageError("\(base) --decision partial --students \(Self.id)=maybe")?.hasPrefix("--students takes ID=approve|reject") == true)
        #expect(usageError("\(base) --decision reject") == "--reason is required to reject")
        #expect(usageError("review decide --claim c-1 --revision 1 --reviewer r --department 430100 --decision approve") == "--claim is for --kind subsidy")
        #expect(usageError("review decide --kind subsidy --application a --revision 1 --reviewer r --department 430100 --decision approve")
                == "--application is not for --kind subsidy; name the --claim")
    }
}
