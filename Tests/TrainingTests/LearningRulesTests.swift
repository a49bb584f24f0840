import ClassQueries
import JobQueue
import Testing
import Training
import TrainingDomain
import WorkflowKernel

/// `learning.recorded`: the payload's checks and the rules, without Redis.
@Suite struct LearningRulesTests {
    static let student = TrainingFixtures.id(1)
    static let valid: [String: JSONValue] = ["recordId": "rec-1.a:b", "classId": "class-1", "idNumber": .string(student),
                                             "courseId": "c-1", "seconds": 1_800, "occurredAt": "2026-11-29T08:00:00+08:00"]

    func errors(_ changes: [String: JSONValue?]) -> [String: String] {
        var payload = Self.valid
        for (k, v) in changes { payload[k] = v }
        guard case .failure(let invalid) = LearningPayload.decode(.object(payload)) else { return [:] }
        return Dictionary(invalid.errors.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func validPayload_decodes_withTheIdNumberNormalised() throws {
        var payload = Self.valid
        payload["idNumber"] = .string(" " + Self.student.lowercased() + " ")
        let request = try LearningPayload.decode(.object(payload)).get()
        #expect(request == LearningRecordRequest(recordId: "rec-1.a:b", classId: "class-1", idNumber: Self.student, courseId: "c-1",
                                                 seconds: 1_800, occurredAt: "2026-11-29T08:00:00+08:00"))
    }

    @Test func negativeZeroFractionalOrAbsurdSeconds_areRefused() {
        #expect(errors(["seconds": -60]) == ["payload.seconds": "field.format"])
        #expect(errors(["seconds": 0]) == ["payload.seconds": "field.format"])
        #expect(errors(["seconds": 86_401]) == ["payload.seconds": "field.format"], "more than a day in one record")
        #expect(errors(["seconds": 90.5]) == ["payload.seconds": "field.type"])
        #expect(errors(["seconds": "1800"]) == ["payload.seconds": "field.type"])
        #expect(errors(["seconds": 86_400]).isEmpty)
    }

    @Test func everyBadField_isNamedAtOnce() {
        let all = errors(["recordId": "rec 1", "classId": nil, "idNumber": "430102199001011234", "courseId": "c/1", "occurredAt": "yesterday"])
        #expect(all == ["payload.recordId": "field.format", "payload.classId": "field.required", "payload.idNumber": "id.checksum",
                        "payload.courseId": "field.format", "payload.occurredAt": "field.format"])
        #expect(errors(["recordId": .string(String(repeating: "r", count: 65))]) == ["payload.recordId": "field.format"])
        if case .failure(let e) = LearningPayload.decode(["seconds": 1]) {
            #expect(!e.description.contains("430102"), "no ID number in the errors")
        }
        if case .failure(let e) = LearningPayload.decode(.array([])) { #expect(e.errors.map(\.code) == ["field.type"]) }
    }

    @Test func rules_unknownClass_thenNotEnrolled_thenClosed_thenCount() throws {
        let request = try LearningPayload.decode(.object(Self.valid)).get()
        let enrolled = RosterEntry(record: StudentRecord(idNumber: Self.student, name: "张三", gender: .male, phone: "13800000000", studentType: "城镇登记失业人员"),
                                   addedAt: "2026-03-01T08:00:00+08:00", source: "imp-1")
        guard case .refused(let unknown) = LearningRules.decide(request, classState: nil, student: enrolled, jobId: "j") else { Issue.record("not refused"); return }
        #expect(unknown.code == .unknownClass)
        guard case .refused(let absent) = LearningRules.decide(request, classState: .closed, student: nil, jobId: "j") else { Issue.record("not refused"); return }
        #expect(absent.code == .notEnrolled && absent.message.contains("4301**********") && !absent.message.contains(Self.student))
        guard case .notCounted(let message) = LearningRules.decide(request, classState: .closed, student: enrolled, jobId: "j") else { Issue.record("counted"); return }
        #expect(message.contains("closed"))
        for state in [ClassState.open, .locked] {
            guard case .count(let count) = LearningRules.decide(request, classState: state, student: enrolled, jobId: "job-9") else { Issue.record("not counted"); continue }
            let value = try JSONValue.parse(count.claimValue)
            #expect(value == ["jobId": "job-9", "idNumber": .string(Self.student), "courseId": "c-1", "seconds": 1_800,
                              "occurredAt": "2026-11-29T08:00:00+08:00"])
        }
    }
}
