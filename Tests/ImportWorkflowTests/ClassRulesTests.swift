import ClassQueries
import Certification
import CertificationQueries
import DepartmentReview
import ImportWorkflow
import JobQueue
import QualificationQueries
import Testing
import TrainingDomain
import WorkflowKernel

/// The class payloads and rules, without Redis.
@Suite struct ClassRulesTests {
    static let valid: [String: JSONValue] = ["classId": "class-1", "institutionId": "inst-1", "name": "电工初级1班",
                                             "occupation": "electrician", "level": "junior", "plannedSize": 40, "location": "长沙市芙蓉区"]

    static func decode(_ changes: [String: JSONValue?]) -> Result<ClassCreateRequest, ValidationErrors> {
        var o = valid
        for (k, v) in changes { o[k] = v }
        return ClassPayload.decodeCreate(.object(o))
    }

    static func fields<T>(_ result: Result<T, ValidationErrors>) -> [String] {
        if case .failure(let e) = result { return e.errors.map { "\($0.field) \($0.code)" } }
        return []
    }

    @Test func decode_defaultsAndPaths() throws {
        let ok = try Self.decode([:]).get()
        #expect(ok.trainingMode == .onlineOffline && ok.location == "长沙市芙蓉区" && ok.plannedSize == 40)
        #expect(Self.fields(Self.decode(["location": nil])) == ["payload.location field.required"])
        #expect(Self.fields(Self.decode(["location": nil, "trainingMode": "offline"])) == ["payload.location field.required"])
        #expect(try Self.decode(["location": nil, "trainingMode": "online"]).get().location == nil)
        #expect(Self.fields(Self.decode(["trainingMode": "hybrid"])) == ["payload.trainingMode field.enum"])
        #expect(Self.fields(Self.decode(["plannedSize": 0])) == ["payload.plannedSize field.format"])
        #expect(Self.fields(Self.decode(["plannedSize": 10_001])) == ["payload.plannedSize field.format"])
        #expect(try Self.decode(["plannedSize": 10_000]).get().plannedSize == 10_000)
        #expect(Self.fields(Self.decode(["plannedSize": "40"])) == ["payload.plannedSize field.type"])
        #expect(Self.fields(Self.decode(["occupation": "astronaut"])) == ["payload.occupation field.enum"])
        #expect(Self.fields(Self.decode(["level": "expert"])) == ["payload.level field.enum"])
        #expect(Self.fields(Self.decode(["classId": "班级1", "name": "  "])) == ["payload.classId field.format", "payload.name field.required"])
        #expect(Self.fields(ClassPayload.decodeCreate("x")) == ["payload field.type"])
        if case .failure(let e) = ClassPayload.decodeTasksPublished(["classId": "c 1"]) {
            #expect(e.errors.map(\.field) == ["payload.classId", "payload.institutionId"])
        } else { Issue.record("expected a failure") }
    }

    static func certified(_ id: String) -> InstitutionRecord {
        var r = InstitutionRecord(institutionId: id)
        r.version = 2
        r.current = InstitutionProfile(institutionId: id, name: "机构", principal: "张三", contactPhone: "13900000000",
                                       licenseType: .businessLicense, licenseNumber: "91430100MA4L000000",
                                       departmentId: "430100", regionCode: "430102", address: "长沙市芙蓉区")
        return r
    }

    static func code(_ d: ClassDecision) -> String {
        switch d {
        case .refused(let r): r.code.rawValue
        case .applied(let t): t.outcome
        case .unchanged(let outcome, _): outcome
        }
    }

    @Test func create_rules() throws {
        let request = try Self.decode([:]).get()
        #expect(Self.code(ClassRules.create(request, existing: nil, institution: InstitutionRecord(institutionId: "inst-1"), qualified: true, nowMs: 0)) == "not_certified")
        #expect(Self.code(ClassRules.create(request, existing: nil, institution: Self.certified("inst-1"), qualified: false, nowMs: 0)) == "not_qualified")
        guard case .applied(let t) = ClassRules.create(request, existing: nil, institution: Self.certified("inst-1"), qualified: true, nowMs: 0)
        else { Issue.record("expected class_created"); return }
        #expect(t.outcome == "class_created" && t.after.state == .open && t.after.version == 1)
        #expect(t.notification.template == "class.created" && t.notification.params == ["className": "电工初级1班", "classId": "class-1"])
        #expect(t.event.type == "class.created")
        #expect(Self.code(ClassRules.create(request, existing: t.after, institution: Self.certified("inst-1"), qualified: true, nowMs: 0)) == "class_exists")
    }

    @Test func publish_rules() throws {
        let record = ClassRecord(classId: "class-1", institutionId: "inst-1", name: "电工初级1班", occupation: "electrician", level: .junior,
                                 trainingMode: .onlineOffline, location: "长沙", plannedSize: 40)
        let request = TasksPublishedRequest(classId: "class-1", institutionId: "inst-1")
        #expect(Self.code(ClassRules.publishTasks(request, record: nil, qualified: true, nowMs: 0)) == "unknown_class")
        #expect(Self.code(ClassRules.publishTasks(TasksPublishedRequest(classId: "class-1", institutionId: "inst-2"), record: record, qualified: true, nowMs: 0)) == "forbidden")
        var offline = record
        offline.trainingMode = .offline
        #expect(Self.code(ClassRules.publishTasks(request, record: offline, qualified: true, nowMs: 0)) == "offline_class")
        guard case .applied(let t) = ClassRules.publishTasks(request, record: record, qualified: true, nowMs: 0) else { Issue.record("expected tasks_published"); return }
        #expect(t.after.state == .locked && t.after.version == 2 && t.notification.template == "class.locked" && t.event.type == "class.locked")
        #expect(t.notification.params == ["className": "电工初级1班", "classId": "class-1", "requiredHours": "0"])
        #expect(Self.code(ClassRules.publishTasks(request, record: t.after, qualified: true, nowMs: 0)) == "no_new_courses", "publishing again is not refused")
        #expect(Self.code(ClassRules.publishTasks(request, record: t.after, qualified: false, nowMs: 0)) == "no_new_courses", "a locked class finishes")
        #expect(Self.code(ClassRules.publishTasks(request, record: record, qualified: false, nowMs: 0)) == "not_qualified")
        var closed = t.after
        closed.state = .closed
        #expect(Self.code(ClassRules.publishTasks(request, record: closed, qualified: true, nowMs: 0)) == "class_closed")
        #expect(try ClassRecord(classId: "class-1", fields: Dictionary(uniqueKeysWithValues: t.after.fields)) == t.after)
    }

    @Test func publishRepeatedly_firstLocks_laterAddCourses_eachCourseCountedOnce() throws {
        let record = ClassRecord(classId: "class-1", institutionId: "inst-1", name: "电工初级1班", occupation: "electrician", level: .junior,
                                 trainingMode: .online, location: nil, plannedSize: 40)
        let basics = Course(courseId: "c-1", name: "电工基础", hours: 16), safety = Course(courseId: "c-2", name: "安全用电", hours: 8)
        guard case .applied(let first) = ClassRules.publishTasks(TasksPublishedRequest(classId: "class-1", institutionId: "inst-1", courses: [basics]),
                                                                record: record, qualified: true, nowMs: 0) else { Issue.record("not published"); return }
        #expect(first.outcome == "tasks_published" && first.after.state == .locked && first.after.requiredHours == 16)
        #expect(first.notification.params["requiredHours"] == "16" && first.event.payload["requiredHours"] == 16)
        let fields = Dictionary(uniqueKeysWithValues: first.after.fields)
        #expect(try fields["requiredHours"] == "16" && JSONValue.parse(fields["courses"] ?? "") == [["courseId": "c-1", "name": "电工基础", "hours": 16]])
        #expect(try ClassRecord(classId: "class-1", fields: fields) == first.after)
        // The second publication repeats c-1 (changed name and hours: the first publication stands) and adds c-2.
        let again = TasksPublishedRequest(classId: "class-1", institutionId: "inst-1", courses: [Course(courseId: "c-1", name: "电工基础（修订）", hours: 20), safety])
        guard case .applied(let second) = ClassRules.publishTasks(again, record: first.after, qualified: false, nowMs: 0) else { Issue.record("not added"); return }
        #expect(second.outcome == "courses_added" && second.after.courses == [basics, safety] && second.after.requiredHours == 24)
        #expect(second.after.version == first.after.version + 1 && second.after.state == .locked)
        #expect(second.notification.template == "class.coursesAdded"
                && second.notification.params == ["className": "电工初级1班", "classId": "class-1", "courses": "安全用电（8课时）", "requiredHours": "24"])
        #expect(second.event.type == "class.coursesAdded" && second.event.payload["courses"] == [["courseId": "c-2", "name": "安全用电", "hours": 8]])
        #expect(Self.code(ClassRules.publishTasks(again, record: second.after, qualified: true, nowMs: 0)) == "no_new_courses")
    }

    @Test func coursesPayload_isCheckedFieldByField() {
        func errors(_ courses: JSONValue) -> [String] {
            Self.fields(ClassPayload.decodeTasksPublished(["classId": "class-1", "institutionId": "inst-1", "courses": courses]))
        }
        #expect(errors([["courseId": "c-1", "name": "电工基础", "hours": 0], ["courseId": "c-1", "name": " ", "hours": "8"],
                        ["name": "x", "hours": 1001], "c-3"])
                == ["payload.courses[0].hours field.format", "payload.courses[1].courseId field.format", "payload.courses[1].name field.required",
                    "payload.courses[1].hours field.type", "payload.courses[2].courseId field.required", "payload.courses[2].hours field.format",
                    "payload.courses[3] field.type"])
        #expect(errors("c-1") == ["payload.courses field.type"])
        #expect(errors([]) == [] && errors(.null) == [])
    }
}
