import CertificationQueries
import ClassQueries
import ECertificate
import JobQueue
import Testing
import Training
import TrainingDomain
import TrainingQueries

/// `certificate.requested`'s rules and the document built from a frozen class, pure.
@Suite struct CertificateRulesTests {
    static let request = CertificateRequest(classId: "class-1", institutionId: "inst-1")
    static let nowMs: Int64 = 1_795_937_412_345 // 2026-11-29T07:30:12.345Z, 15:30:12 in China

    static func record(state: ClassState = .locked) -> ClassRecord {
        ClassRecord(classId: "class-1", institutionId: "inst-1", name: "电工初级班", occupation: "electrician", level: .junior,
                    trainingMode: .online, location: nil, plannedSize: 30, state: state, version: 4, courses: [Course(courseId: "c-1", name: "电工基础", hours: 16)])
    }

    @Test func refusals_inOrder_unknownClass_forbidden_rosterEmpty() {
        func code(_ d: CertificateRules.Decision) -> String? {
            if case .refused(let r) = d { return r.code.rawValue }
            return nil
        }
        #expect(code(CertificateRules.decide(Self.request, record: nil, rosterCount: 3, nowMs: Self.nowMs)) == "unknown_class")
        var other = Self.record()
        other.institutionId = "inst-2"
        #expect(code(CertificateRules.decide(Self.request, record: other, rosterCount: 0, nowMs: Self.nowMs)) == "forbidden")
        #expect(code(CertificateRules.decide(Self.request, record: Self.record(), rosterCount: 0, nowMs: Self.nowMs)) == "roster_empty")
    }

    @Test func anOpenOrLockedClass_isClosed_withItsCertificateId_closingTime_andNextVersion() throws {
        for state in [ClassState.open, .locked] {
            guard case .close(let closing) = CertificateRules.decide(Self.request, record: Self.record(state: state), rosterCount: 3, nowMs: Self.nowMs) else {
                Issue.record("not closed")
                continue
            }
            #expect(closing.after.state == .closed && closing.after.version == 5 && closing.releasesStudents)
            #expect(closing.after.closedAt == "2026-11-29T07:30:12.000Z", "to the second: the certificate prints seconds")
            let id = try #require(closing.after.certificateId)
            #expect(id.hasPrefix("EC20261129-153012-") && id.count == 30 && id == CertificateRules.certificateId(classId: "class-1", closedAtMs: 1_795_937_412_000))
            #expect(closing.event.type == "class.closed" && closing.audit.action == "closed" && closing.audit.details["studentCount"] == "3")
        }
        #expect(CertificateRules.certificateId(classId: "class-2", closedAtMs: 1_795_937_412_000) != CertificateRules.certificateId(classId: "class-1", closedAtMs: 1_795_937_412_000))
    }

    @Test func aClosedClassWithItsId_isIssued_evenWithoutStudentsLeft_andOneWithoutAnId_getsOne() {
        var closed = Self.record(state: .closed)
        closed.certificateId = "EC20261129-153012-000000000001"
        closed.closedAt = "2026-11-29T07:30:12.000Z"
        #expect(CertificateRules.decide(Self.request, record: closed, rosterCount: 0, nowMs: Self.nowMs) == .issue(certificateId: "EC20261129-153012-000000000001"))
        closed.certificateId = nil
        guard case .close(let closing) = CertificateRules.decide(Self.request, record: closed, rosterCount: 2, nowMs: Self.nowMs + 60_000) else {
            Issue.record("a closed class without an id gets one")
            return
        }
        #expect(!closing.releasesStudents && closing.after.closedAt == "2026-11-29T07:30:12.000Z", "its closing time stays")
    }

    @Test func document_listsStudentsInJoiningOrder_withClassHoursAndScores_andDependsOnTheFrozenStateOnly() throws {
        var record = Self.record(state: .closed)
        record.closedAt = "2026-11-29T07:30:12.000Z"
        var institution = InstitutionRecord(institutionId: "inst-1")
        institution.current = InstitutionProfile(institutionId: "inst-1", name: "长沙市芙蓉区明德职业培训学校", principal: "张三", contactPhone: "13900000000",
                                                 licenseType: .businessLicense, licenseNumber: "91430100MA4L000000", departmentId: "430100",
                                                 regionCode: "430102", address: "长沙市芙蓉区")
        let students = [StudentRecord(idNumber: "43010219900101123X", name: "李小明", gender: .male, phone: "13812345678", studentType: "农村转移劳动力"),
                        StudentRecord(idNumber: "430102199001011248", name: "王芳", gender: .female, phone: "13812345679", studentType: "")]
        let roster = students.enumerated().map { RosterEntry(record: $1, addedAt: "2026-11-0\($0 + 3)T08:00:00+08:00", source: "imp-1") }
        let contents = CertificateContents(record: record, institution: institution, openedAtMs: 1_793_583_000_000, roster: roster,
                                           hours: ["43010219900101123X": "4000"],
                                           scores: ["43010219900101123X": #"{"passed":true,"practical":72,"recordedAt":"x","theory":86.5}"#])
        let document = try contents.document(certificateId: "EC1")
        #expect(document.students.map(\.name) == ["李小明", "王芳"])
        #expect(document.students[0].onlineHours == 1.48 && document.students[1].onlineHours == nil)
        #expect(document.students[0].theory == 86.5 && document.students[0].practical == 72 && document.students[1].theory == nil)
        #expect(document.studentCount == 2 && document.qualifiedCount == 1 && document.requiredHours == 16)
        #expect(document.closedAt.rfc3339 == "2026-11-29T15:30:12+08:00" && document.generatedAt == document.closedAt)
        #expect(document.institutionLine == "长沙市芙蓉区明德职业培训学校(13900000000)")
        #expect(document.rosterLines[0] == ["1", "李**", "男", "农村转移劳动力", "43010219900101123X", "13812345678", "1.48", "86.50", "72.00"])
        #expect(try contents.document(certificateId: "EC1") == document)
        let broken = CertificateContents(record: record, institution: institution, openedAtMs: 0, roster: roster, hours: ["43010219900101123X": "lots"], scores: [:])
        #expect(throws: (any Error).self) { try broken.document(certificateId: "EC1") }
    }

    @Test func classHours_areFortyFiveMinutes_roundedDownToTheHundredth() {
        #expect(TrainingQuery.classHours(seconds: 2_700) == 1)
        #expect(TrainingQuery.classHours(seconds: 4_000) == 1.48)
        #expect(TrainingQuery.classHours(seconds: 2_699) == 0.99)
        #expect(TrainingQuery.classHours(seconds: 0) == 0)
    }
}
