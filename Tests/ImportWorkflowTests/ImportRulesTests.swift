import ClassQueries
import ImportWorkflow
import Testing

/// `import.requested`'s business refusals, without Redis: the class as read, the report status
/// and the request in, the admitted class or the refusal out.
@Suite struct ImportRulesTests {
    static let request = ImportRequest(importId: "imp-1", institutionId: "inst-1", classId: "class-1", source: .redisKey("upload:1"))
    static let open = ClassRecord(classId: "class-1", institutionId: "inst-1", name: "电工初级1班", occupation: "electrician", level: .junior,
                                  trainingMode: .onlineOffline, location: "长沙市芙蓉区", plannedSize: 40, state: .open, version: 3)

    static func admit(record: ClassRecord? = open, qualified: Bool = true, reportStatus: String? = nil) -> ImportRules.Admission {
        ImportRules.admit(request, record: record, qualified: qualified, reportStatus: reportStatus)
    }

    static var locked: ClassRecord {
        var record = open
        record.state = .locked
        return record
    }

    @Test func importRequest_intoAnOpenClassOfTheInstitution_isAdmitted() {
        #expect(Self.admit() == .admitted(Self.open))
    }

    @Test func importRequest_whenClassIsUnknown_isRefused() {
        #expect(Self.admit(record: nil) == .refused(ImportRules.Refusal(.unknownClass, "class class-1 does not exist")))
    }

    @Test func importRequest_whenClassBelongsToAnotherInstitution_isRefused() {
        var other = Self.open
        other.institutionId = "inst-2"
        #expect(Self.admit(record: other) == .refused(ImportRules.Refusal(.forbidden, "class class-1 belongs to another institution")))
    }

    @Test func importRequest_intoAnOpenClass_whenTheQualificationExpired_isRefusedNotQualified() {
        #expect(Self.admit(qualified: false) == .refused(ImportRules.Refusal(.notQualified,
            "institution inst-1 holds no active qualification for electrician/junior: class class-1 can take no more students")))
        #expect(Self.admit(record: Self.locked, qualified: false).refusalCode == .rosterLocked, "a locked class is refused as locked")
    }

    @Test func importRequest_whenRosterLocked_isRefused() {
        #expect(Self.admit(record: Self.locked)
                == .refused(ImportRules.Refusal(.rosterLocked, "the roster of class class-1 is locked: course tasks are published")))
    }

    @Test func importRequest_whenTheImportHasAReport_isRefused_whateverItsStatus() {
        for status in ["imported", "import_refused", "partially_imported"] {
            #expect(Self.admit(reportStatus: status)
                    == .refused(ImportRules.Refusal(.importExists, "import imp-1 already has a report (\(status))")))
        }
    }

    @Test func importRequest_withSeveralRefusals_getsTheFirstInRuleOrder() {
        var otherLocked = Self.locked
        otherLocked.institutionId = "inst-2"
        #expect(Self.admit(record: nil, reportStatus: "imported").refusalCode == .unknownClass)
        #expect(Self.admit(record: otherLocked, reportStatus: "imported").refusalCode == .forbidden)
        #expect(Self.admit(record: Self.locked, reportStatus: "imported").refusalCode == .rosterLocked)
    }
}

extension ImportRules.Admission {
    /// The refusal's code, nil when admitted.
    var refusalCode: ImportRules.Code? {
        if case .refused(let refusal) = self { return refusal.code }
        return nil
    }
}

