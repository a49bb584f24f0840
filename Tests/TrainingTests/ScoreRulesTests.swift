import ClassQueries
import JobQueue
import Testing
import Training
import TrainingDomain
import WorkflowKernel

/// `scores.recorded`: the payload's checks and the rules, without Redis.
@Suite struct ScoreRulesTests {
    static let a = TrainingFixtures.id(1), b = TrainingFixtures.id(2)

    func errors(_ scores: JSONValue) -> [String: String] {
        guard case .failure(let invalid) = ScoresPayload.decode(["classId": "class-1", "institutionId": "inst-1", "scores": scores]) else { return [:] }
        return Dictionary(invalid.errors.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func scoresWithTooManyDecimals_text_orOutOfRange_areRefusedEachByItsCode() {
        let entries: JSONValue = [
            ["idNumber": .string(Self.a), "theory": 100.001, "practical": "九十"],
            ["idNumber": .string(Self.b), "theory": 101, "practical": -1],
            ["idNumber": .string(Self.a), "theory": 60, "practical": 60],
            ["idNumber": "123", "practical": 89.99],
            "not an object",
        ]
        #expect(errors(entries) == [
            "payload.scores[0].theory": "score.format", "payload.scores[0].practical": "score.format",
            "payload.scores[1].theory": "score.range", "payload.scores[1].practical": "score.range",
            "payload.scores[2].idNumber": "id.duplicate",
            "payload.scores[3].idNumber": "id.length", "payload.scores[3].theory": "score.missing",
            "payload.scores[4]": "field.type",
        ])
        #expect(errors([]) == ["payload.scores": "field.format"])
        #expect(errors("x") == ["payload.scores": "field.type"])
        #expect(errors(.array(Array(repeating: ["idNumber": .string(Self.a), "theory": 1, "practical": 1], count: 1_001))) == ["payload.scores": "field.format"])
    }

    @Test func validScores_decode_andPassNeedsBothAt60() throws {
        let request = try ScoresPayload.decode(["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": .string(Self.a), "theory": 89.99, "practical": 60], ["idNumber": .string(Self.b), "theory": 59.99, "practical": 100]]]).get()
        #expect(request.scores.map(\.passed) == [true, false])
        #expect(request.scores[0].theory.hundredths == 8_999)
    }

    static func record(_ state: ClassState = .locked, institution: String = "inst-1") -> ClassRecord {
        ClassRecord(classId: "class-1", institutionId: institution, name: "电工初级班", occupation: "electrician", level: .junior,
                    trainingMode: .onlineOffline, location: "长沙", plannedSize: 30, state: state, version: 3)
    }

    @Test func rules_refuseUnknownForbiddenLockedAndStudentsNotOnTheRoster() throws {
        let request = try ScoresPayload.decode(["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": .string(Self.a), "theory": 70, "practical": 80], ["idNumber": .string(Self.b), "theory": 50, "practical": 80]]]).get()
        func code(_ d: ScoreRules.Decision) -> ScoreRules.Code? { if case .refused(let r) = d { return r.code }; return nil }
        #expect(code(ScoreRules.record(request, record: nil, onRoster: [Self.a, Self.b], nowMs: 0)) == .unknownClass)
        #expect(code(ScoreRules.record(request, record: Self.record(institution: "inst-2"), onRoster: [Self.a, Self.b], nowMs: 0)) == .forbidden)
        #expect(code(ScoreRules.record(request, record: Self.record(.closed), onRoster: [Self.a, Self.b], nowMs: 0)) == .scoresLocked)
        guard case .refused(let absent) = ScoreRules.record(request, record: Self.record(), onRoster: [Self.a], nowMs: 0) else { Issue.record("accepted"); return }
        #expect(absent.code == .notEnrolled && absent.errors.map(\.field) == ["payload.scores[1].idNumber"] && absent.errors.map(\.code) == ["id.not_enrolled"])
        #expect(!absent.errors[0].message.contains(Self.b))
    }

    @Test func recorded_storesEachStudentsJSON_andTellsCountsWithoutPersonalData() throws {
        let request = try ScoresPayload.decode(["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": .string(Self.a), "theory": 85.5, "practical": 60], ["idNumber": .string(Self.b), "theory": 50, "practical": 80]]]).get()
        for state in [ClassState.open, .locked] {
            guard case .recorded(let t) = ScoreRules.record(request, record: Self.record(state), onRoster: [Self.a, Self.b], nowMs: 1_795_924_800_000) else {
                Issue.record("refused"); continue
            }
            #expect(t.stored.map(\.0) == [Self.a, Self.b] && t.passedCount == 1)
            #expect(try JSONValue.parse(t.stored[0].1) == ["theory": 85.5, "practical": 60, "passed": true, "recordedAt": "2026-11-29T04:00:00.000Z"])
            #expect(try JSONValue.parse(t.stored[1].1)["passed"] == false)
            #expect(t.notification.template == "scores.recorded" && t.notification.params == ["className": "电工初级班", "classId": "class-1", "count": "2", "passedCount": "1"])
            #expect(t.event.type == "scores.recorded" && t.audit.action == "scores_recorded" && t.audit.revision == 3)
            #expect(!t.event.payload.jsonString.contains(Self.a) && !t.notification.params.values.contains(Self.a))
        }
    }
}
