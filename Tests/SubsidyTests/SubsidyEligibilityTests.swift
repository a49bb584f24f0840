import ClassQueries
import Subsidy
import Testing
import TrainingDomain
import TrainingQueries

/// `SubsidyEligibility`: one line per student with every reason that holds, pure.
@Suite struct SubsidyEligibilityTests {
    static let claimed = ClaimedClass(classId: "cls-1", institutionId: "inst-1", name: "电工班", occupation: "electrician", level: .junior,
                                      requiredHours: 16, closedOn: LocalDate(year: 2026, month: 11, day: 30))

    static func entry(_ id: String, type: String = "农村转移劳动力", gender: Gender = .male) -> RosterEntry {
        RosterEntry(record: StudentRecord(idNumber: id, name: "张三", gender: gender, phone: "13800000000", studentType: type),
                    addedAt: "2026-11-01T08:00:00+08:00", source: "imp-1")
    }

    /// Learning seconds and scores (nil: none recorded) of one student.
    struct Result {
        var seconds: Int
        var theory: Double?
        var practical: Double?
    }

    /// Exactly the 16 课时 the class requires, both scores at the pass mark.
    static let passed = Result(seconds: 16 * ClassHours.secondsPerClassHour, theory: 60, practical: 60)

    func line(_ entry: RosterEntry, _ result: Result?, grants: PersonGrants? = nil, policy: SubsidyPolicy = .shippedDefault,
              claimed: ClaimedClass = claimed) -> SubsidyLine {
        let id = entry.record.idNumber
        var scores: [String: RecordedScores] = [:]
        if let result, let t = result.theory, let p = result.practical {
            scores[id] = RecordedScores(theory: t, practical: p, passed: t >= 60 && p >= 60, recordedAt: "2026-11-29T10:00:00Z")
        }
        return SubsidyEligibility(policy: policy, claimed: claimed)
            .lines(roster: [entry], hours: result.map { [id: $0.seconds] } ?? [:], scores: scores, grants: grants.map { [id: $0] } ?? [:])[0]
    }

    @Test func eligible_getsTheLevelsAmount_andEachReasonIsFoundOnItsOwn() {
        let ok = SubsidyHarness.id(1)
        #expect(line(Self.entry(ok), Self.passed) == SubsidyLine(idNumber: ok, name: "张三", studentType: "农村转移劳动力", reasons: [], amount: 800))
        #expect(line(Self.entry(ok), Result(seconds: 16 * 2_700, theory: 59.99, practical: 100)).reasons == [.notPassed])
        #expect(line(Self.entry(ok), Result(seconds: 16 * 2_700, theory: 90, practical: nil)).reasons == [.notPassed])
        #expect(line(Self.entry(ok), Result(seconds: 16 * 2_700 - 1, theory: 90, practical: 90)).reasons == [.hoursShort])
        #expect(line(Self.entry(ok, type: "企业职工"), Self.passed).reasons == [.typeIneligible])
        let none = line(Self.entry(ok), nil)
        #expect(none.reasons == [.notPassed, .hoursShort] && none.amount == 0 && !none.eligible)
        var noHours = SubsidyPolicy.shippedDefault
        noHours.requireOnlineHours = false
        #expect(line(Self.entry(ok), Result(seconds: 0, theory: 60, practical: 60), policy: noHours).eligible)
        var seniorOnly = SubsidyPolicy.shippedDefault
        seniorOnly.amountsByLevel = [.senior: 1600]
        #expect(line(Self.entry(ok), Self.passed, policy: seniorOnly).reasons == [.levelNotSubsidized])
    }

    @Test func age_isCountedOnTheClosingDay_withTheGendersMaximum() {
        // 16 on 2026-11-30 exactly, and one day short of it.
        #expect(line(Self.entry(SubsidyHarness.id(1, born: "20101130")), Self.passed).eligible)
        #expect(line(Self.entry(SubsidyHarness.id(1, born: "20101201")), Self.passed).reasons == [.ageOutOfRange])
        // Women up to 55, men up to 60 in the shipped default: 58 is out for a woman, in for a man.
        #expect(line(Self.entry(SubsidyHarness.id(2, born: "19680101"), gender: .female), Self.passed).reasons == [.ageOutOfRange])
        #expect(line(Self.entry(SubsidyHarness.id(1, born: "19680101")), Self.passed).eligible)
        #expect(line(Self.entry(SubsidyHarness.id(1, born: "19650101")), Self.passed).reasons == [.ageOutOfRange])
    }

    @Test func earlierGrants_sameOccupationAndLevel_orTheYearsLimit() {
        let id = SubsidyHarness.id(1)
        func person(_ fields: [String: String]) -> PersonGrants { PersonGrants(idNumber: id, key: "vt:subsidy:granted:\(id)", fields: fields) }
        let grant = PersonGrants.Grant(occupation: "electrician", level: .junior, claimId: "c-0", classId: "cls-0", institutionId: "inst-0",
                                       amount: 800, grantedAt: "2025-06-01T00:00:00Z", year: 2025)
        let same = person(["electrician:junior": grant.json.jsonString, "year:2025": "1"])
        #expect(line(Self.entry(id), Self.passed, grants: same).reasons == [.alreadySubsidized])
        // Another level of the same occupation is not the same subsidy.
        #expect(line(Self.entry(id), Self.passed, grants: person(["electrician:intermediate": grant.json.jsonString, "year:2026": "2"])).eligible)
        let atLimit = person(["welder:junior": grant.json.jsonString, "year:2026": "3"])
        #expect(line(Self.entry(id), Self.passed, grants: atLimit).reasons == [.yearlyLimit])
        // The limit counts the closing day's year: three grants in 2025 do not stop a class closed in 2026.
        #expect(line(Self.entry(id), Self.passed, grants: person(["year:2025": "3"])).eligible)
        let everything = line(Self.entry(id, type: "其他"), nil, grants: person(["electrician:junior": grant.json.jsonString, "year:2026": "3"]))
        #expect(everything.reasons == [.notPassed, .hoursShort, .typeIneligible, .alreadySubsidized, .yearlyLimit])
    }

    @Test func lines_roundTripThroughTheClaimsField() {
        let lines = [SubsidyLine(idNumber: SubsidyHarness.id(1), name: "张三", studentType: "退役军人", reasons: [], amount: 800),
                     SubsidyLine(idNumber: SubsidyHarness.id(2), name: "李四", studentType: "其他", reasons: [.typeIneligible, .notPassed], amount: 800)]
        #expect(SubsidyLine.decode(SubsidyLine.encode(lines)) == lines)
        #expect(lines[1].amount == 0 && lines[1].reasons == [.notPassed, .typeIneligible])
        #expect(SubsidyLine.decode("[{\"idNumber\": 1}]") == nil && SubsidyLine.decode("nope") == nil)
    }
}
