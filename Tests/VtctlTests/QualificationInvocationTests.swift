import CertificationQueries
import DepartmentReview
import JobQueue
import Qualification
import QualificationQueries
import Testing
import WorkflowKernel
@testable import vtctl

/// vtctl's qualification command lines, parsed without running anything.
@Suite struct QualificationInvocationTests {
    @Test func qualificationNouns_parse() throws {
        #expect(try command("qualification list --institution inst-1") == QualificationCommand.List(institutionId: "inst-1"))
        #expect(try command("qualification expiring --within 30d") == QualificationCommand.Expiring(withinMs: 30 * 86_400_000, departmentId: nil))
        #expect(try command("qualification expiring --within 12h --department 430100")
                == QualificationCommand.Expiring(withinMs: 12 * 3_600_000, departmentId: "430100"))
        #expect(usageError("qualification expiring --within 30") == "--within takes a number and a unit d, h or m (30d), got 30")
        let apply = try parseInvocation("qualification apply --file app.json")
        #expect(apply.command as? QualificationCommand.Apply == QualificationCommand.Apply(file: "app.json", timeoutSeconds: 30))
        #expect(!apply.global.json && apply.warnings.isEmpty)
        #expect(try parseInvocation("qualification apply --file app.json --json").global.json, "--json is the output flag here too")
        #expect(try parseInvocation("qualification list --institution i --json").global.json)
        #expect(usageError("qualification show") == "unknown subcommand qualification show (apply, list, expiring)")
    }

    @Test func review_kindQualification_listAndDecide_certificationFormUnchanged() throws {
        #expect(try command("review list --kind qualification --department 430100") == ReviewCommand.List.qualification(departmentId: "430100"))
        #expect(try command("review list --department 430100") == ReviewCommand.List.certification(departmentId: "430100"))
        #expect(try command("review list --kind certification --department 430100") == ReviewCommand.List.certification(departmentId: "430100"))
        let line = "review decide --kind qualification --application app-1 --revision 2 --reviewer zhang --department 430100 --decision partial --items electrician:junior=approve,hunan-cuisine:none=reject --reason 部分通过"
        guard case .qualification(let o) = try command(line, as: ReviewCommand.Decide.self) else { Issue.record("not a qualification decision"); return }
        #expect(o.applicationId == "app-1" && o.revision == 2 && o.items.count == 2 && o.items[1].approve == false)
        let envelope = QualificationReview.envelope(o, jobId: "vtctl-decide-1", nowMs: 0, producer: "p")
        let request = try QualificationDecisionPayload.decode(try JobEnvelope.decode(Array(envelope.jsonString.utf8)).payload).get()
        #expect(request.verdict == .partial(items: [.init(key: ItemKey(occupation: "electrician", level: .junior), approve: true),
                                                    .init(key: ItemKey(occupation: "hunan-cuisine", level: .none), approve: false)], reason: "部分通过"))
        let base = "review decide --kind qualification --application a --revision 1 --reviewer r --department 430100"
        #expect(usageError("\(base) --decision partial") == "--items is required for a partial decision")
        #expect(usageError("\(base) --decision reject") == "--reason is required to reject")
        #expect(usageError("\(base) --decision approve --items x") != nil)
        #expect(usageError("review decide --kind qualification --institution i --revision 1 --reviewer r --department 430100 --decision approve")
                == "--institution is for --kind certification; name the --application")
        #expect(usageError("review decide --application a --revision 1 --reviewer r --department 430100 --decision approve") == "--application is for --kind qualification")
        #expect(usageError("review list --kind other --department 430100") == "--kind must be certification, qualification or subsidy")
        #expect(usageError("review list --kind qualification") == "--department is required")
    }
}
