import Testing
@testable import vtctl

/// vtctl's command lines, parsed without running anything.
@Suite struct InvocationTests {
    @Test func reviewerAdd_takesTheIdAndDepartment_andAnOptionalName() throws {
        #expect(try command("reviewer add zhang --department 430100 --name 张三") == ReviewerCommand.Add(reviewerId: "zhang", departmentId: "430100", name: "张三"))
        #expect(try command("reviewer add zhang --department=430100") == ReviewerCommand.Add(reviewerId: "zhang", departmentId: "430100", name: nil))
        #expect(usageError("reviewer add zhang") == "--department is required")
        #expect(usageError("reviewer add --department 430100") == "REVIEWER_ID is required")
        #expect(usageError("reviewer add a b --department 430100") == "unexpected argument b")
    }

    @Test func reviewerListAndRemove_parse() throws {
        #expect(try command("reviewer list") == ReviewerCommand.List(departmentId: nil))
        #expect(try command("reviewer list --department 430100") == ReviewerCommand.List(departmentId: "430100"))
        #expect(try command("reviewer remove zhang") == ReviewerCommand.Remove(reviewerId: "zhang"))
        #expect(usageError("reviewer fire zhang") == "unknown subcommand reviewer fire (add, list, remove)")
    }

    @Test func institutionShow_takesTheInstitutionId() throws {
        #expect(try command("institution show inst-1") == InstitutionCommand.Show(institutionId: "inst-1"))
        #expect(usageError("institution show") == "INSTITUTION_ID is required")
        #expect(usageError("institution list") == "unknown subcommand institution list (show)")
        #expect(usageError("reviewer remove") == "REVIEWER_ID is required")
    }

    @Test func reviewDecide_collectsEveryOption_withADefaultTimeout() throws {
        let line = "review decide --institution inst-1 --revision 2 --reviewer zhang --department 430100 --decision reject --reason 材料不全"
        #expect(try command(line) == ReviewCommand.Decide.certification(DecideOptions(
            institutionId: "inst-1", revision: 2, reviewerId: "zhang", departmentId: "430100", decision: "reject", reason: "材料不全",
            timeoutSeconds: 30)))
        let j = try command("review decide --institution i --revision 1 --reviewer r --department 430100 --decision approve --timeout 5",
                            as: ReviewCommand.Decide.self)
        if case .certification(let o) = j { #expect(o.timeoutSeconds == 5 && o.reason == nil) } else { Issue.record("not decide") }
    }

    @Test func reviewDecide_refusesBadInput() {
        let base = "review decide --institution i --reviewer r --department 430100"
        #expect(usageError("\(base) --revision 1 --decision maybe") == "--decision must be approve or reject")
        #expect(usageError("\(base) --revision 1 --decision reject") == "--reason is required to reject")
        #expect(usageError("\(base) --revision 0 --decision approve") == "--revision must be a whole number of at least 1")
        #expect(usageError("\(base) --decision approve") == "--revision is required")
        #expect(usageError("\(base) --revision 1 --decision approve --colour red") == "unknown option --colour")
        #expect(usageError("\(base) --revision 1 --revision 2 --decision approve") == "--revision is given twice")
        #expect(usageError("\(base) --revision 1 --decision approve --timeout") == "--timeout needs a value")
    }

    @Test func globals_comeFromTheEnvironment_andFlagsOverrideThemAnywhere() throws {
        let env = ["VT_REDIS_URL": "redis://10.0.0.1:6379/2", "VT_PREFIX": "prod"]
        var i = try parseInvocation("institution show inst-1", env: env)
        #expect(i.global == GlobalOptions(redisURL: "redis://10.0.0.1:6379/2", prefix: "prod", json: false))
        i = try parseInvocation("--prefix test institution show inst-1 --redis-url redis://h:1/0 --json", env: env)
        #expect(i.global == GlobalOptions(redisURL: "redis://h:1/0", prefix: "test", json: true))
        #expect(i.command as? InstitutionCommand.Show == InstitutionCommand.Show(institutionId: "inst-1"))
        #expect(try parseInvocation("--json review list --department 430100").global.json)
        #expect(try parseInvocation("--output json reviewer list").global.json)
        #expect(usageError("--prefix= reviewer list") == "the prefix must not be empty")
    }

    @Test func noCommand_orHelpAnywhere_asksForTheUsage() throws {
        #expect(try parseInvocation("").command == nil)
        #expect(try parseInvocation("review list --help").command == nil)
        #expect(try parseInvocation("-h").command == nil)
    }

    @Test func certificationSubmit_readsTheFileOption_andJsonIsTheOutputFlag() throws {
        let i = try parseInvocation("certification submit --file payload.json --timeout 9")
        #expect(i.command as? CertificationCommand.Submit == CertificationCommand.Submit(file: "payload.json", timeoutSeconds: 9))
        #expect(i.global.json == false)
        #expect(i.warnings.isEmpty)
        let json = try parseInvocation("certification submit --file - --json")
        #expect(json.global.json)
        #expect(json.command as? CertificationCommand.Submit == CertificationCommand.Submit(file: "-", timeoutSeconds: 30))
        #expect(try parseInvocation("--json certification submit --file -").global.json)
        #expect(usageError("certification submit") == "--file is required")
        #expect(usageError("certification submit --json") == "--file is required")
    }

    @Test func unknownNoun_andMissingVerb_areUsageErrors() {
        #expect(usageError("queue list") == "unknown command queue")
        #expect(usageError("review") == "review: a subcommand is required")
        #expect(usageError("review --json list") == "review: a subcommand is required")
        #expect(usageError("stats extra") == "unexpected argument extra")
    }
}

@Suite struct NotificationInvocationTests {
    @Test func inboxAndContactCommands_parse() throws {
        #expect(try command("inbox list inst-1 --unread") == InboxCommand.List(institutionId: "inst-1", unread: true, limit: 50))
        #expect(try command("inbox read inst-1 --all") == InboxCommand.Read(institutionId: "inst-1", entryId: nil))
        #expect(try command("inbox read inst-1 1-0") == InboxCommand.Read(institutionId: "inst-1", entryId: "1-0"))
        #expect(try command("contact set inst-1 --phone 13812345678 --sms-opt-out yes")
                == ContactCommand.Update(institutionId: "inst-1", update: ContactUpdate(phone: "13812345678", smsOptOut: true)))
        #expect(try command("contact show inst-1") == ContactCommand.Show(institutionId: "inst-1"))
        #expect(usageError("contact set inst-1 --channels inbox,fax") == "--channels takes a comma-separated list of inbox, sms, dingtalk, webhook")
        #expect(usageError("contact set inst-1") == "contact set: give at least one option to change")
        #expect(usageError("contact set inst-1 --phone 12345") == "--phone must be a mainland mobile number (11 digits)")
        #expect(usageError("inbox read inst-1") == "ENTRY_ID is required")
        #expect(usageError("contact call inst-1") == "unknown subcommand contact call (set, show)")
    }
}
