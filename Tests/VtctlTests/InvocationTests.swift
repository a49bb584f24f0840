import Testing
@testable import vtctl

/// vtctl's command lines, parsed without running anything.
@Suite struct InvocationTests {
    @Test func reviewerAdd_takesTheIdAndDepartment_andAnOptionalName() throws {
        let i = try parseInvocation("reviewer add zhang --department 430100 --name 张三")
        #expect(i.command == .reviewerAdd(reviewerId: "zhang", departmentId: "430100", name: "张三"))
        #expect(try parseInvocation("reviewer add zhang --department=430100").command == .reviewerAdd(reviewerId: "zhang", departmentId: "430100", name: nil))
        #expect(usageError("reviewer add zhang") == "--department is required")
        #expect(usageError("reviewer add --department 430100") == "REVIEWER_ID is required")
        #expect(usageError("reviewer add a b --department 430100") == "unexpected argument b")
    }

    @Test func reviewerListAndRemove_parse() throws {
        #expect(try parseInvocation("reviewer list").command == .reviewerList(departmentId: nil))
        #expect(try parseInvocation("reviewer list --department 430100").command == .reviewerList(departmentId: "430100"))
        #expect(try parseInvocation("reviewer remove zhang").command == .reviewerRemove(reviewerId: "zhang"))
        #expect(usageError("reviewer fire zhang")?.hasPrefix("unknown subcommand reviewer fire") == true)
    }

    @Test func reviewDecide_collectsEveryOption_withADefaultTimeout() throws {
        let i = try parseInvocation("review decide --institution inst-1 --revision 2 --reviewer zhang --department 430100 --decision reject --reason 材料不全")
        #expect(i.command == .reviewDecide(DecideOptions(institutionId: "inst-1", revision: 2, reviewerId: "zhang", departmentId: "430100",
                                                         decision: "reject", reason: "材料不全", timeoutSeconds: 30)))
        let j = try parseInvocation("review decide --institution i --revision 1 --reviewer r --department 430100 --decision approve --timeout 5")
        if case .reviewDecide(let o) = j.command { #expect(o.timeoutSeconds == 5 && o.reason == nil) } else { Issue.record("not decide") }
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
        #expect(i.command == .institutionShow(institutionId: "inst-1"))
        #expect(try parseInvocation("--json review list --department 430100").global.json)
        #expect(try parseInvocation("--output json reviewer list").global.json)
        #expect(try parseInvocation("").command == .help)
        #expect(try parseInvocation("review list --help").command == .help)
    }

    @Test func certificationSubmit_jsonNamesTheFile_notTheOutput() throws {
        let i = try parseInvocation("certification submit --json payload.json --timeout 9")
        #expect(i.command == .certificationSubmit(file: "payload.json", timeoutSeconds: 9))
        #expect(i.global.json == false)
        #expect(try parseInvocation("--json certification submit --json -").global.json)
        #expect(usageError("certification submit") == "--json is required")
    }

    @Test func unknownNoun_andMissingVerb_areUsageErrors() {
        #expect(usageError("queue list") == "unknown command queue")
        #expect(usageError("review") == "review: a subcommand is required")
    }
}

@Suite struct NotificationInvocationTests {
    @Test func inboxAndContactCommands_parse() throws {
        #expect(try Invocation.parse(["inbox", "list", "inst-1", "--unread"], environment: [:]).command
            == .inboxList(institutionId: "inst-1", unread: true, limit: 50))
        #expect(try Invocation.parse(["inbox", "read", "inst-1", "--all"], environment: [:]).command == .inboxRead(institutionId: "inst-1", entryId: nil))
        #expect(try Invocation.parse(["inbox", "read", "inst-1", "1-0"], environment: [:]).command == .inboxRead(institutionId: "inst-1", entryId: "1-0"))
        #expect(try Invocation.parse(["contact", "set", "inst-1", "--phone", "13812345678", "--sms-opt-out", "yes"], environment: [:]).command
            == .contactSet(institutionId: "inst-1", ContactUpdate(phone: "13812345678", smsOptOut: true)))
        #expect(throws: UsageError.self) { try Invocation.parse(["contact", "set", "inst-1", "--channels", "inbox,fax"], environment: [:]) }
        #expect(throws: UsageError.self) { try Invocation.parse(["contact", "set", "inst-1"], environment: [:]) }
        #expect(throws: UsageError.self) { try Invocation.parse(["contact", "set", "inst-1", "--phone", "12345"], environment: [:]) }
        #expect(throws: UsageError.self) { try Invocation.parse(["inbox", "read", "inst-1"], environment: [:]) }
    }
}
