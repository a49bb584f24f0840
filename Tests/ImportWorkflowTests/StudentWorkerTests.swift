import ClassQueries
import DomainFixtures
import ImportScan
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import TrainingDomain
import TrainingQueries

/// `student.added` and `student.removed` against a real redis-server with a worker in this
/// process: the roster entry, the enrolment index, every refusal, and imports meeting them.
@Suite struct StudentWorkerTests {
    static func student(_ id: String, name: String = "张三", gender: String = "男", phone: String = "13800138000",
                        type: String = "其他") -> StudentRow {
        StudentRow(row: 0, name: name, gender: gender, idNumber: id, phone: phone, studentType: type)
    }

    static func add(_ h: ClassWorkerTests.Harness, _ classId: String, _ student: StudentRow, institution: String = "inst-1") throws -> [String: String] {
        try h.run(StudentPayload.addedType, StudentAddRequest(classId: classId, institutionId: institution, student: student).json)
    }

    static func remove(_ h: ClassWorkerTests.Harness, _ classId: String, _ id: String, institution: String = "inst-1") throws -> [String: String] {
        try h.run(StudentPayload.removedType, StudentRemoveRequest(classId: classId, institutionId: institution, idNumber: id).json)
    }

    static func indexed(_ h: ClassWorkerTests.Harness, _ id: String) throws -> Bool {
        let index = h.keys.enrollment(occupation: "electrician", level: .junior)
        let buckets = EnrollmentIndex.buckets(of: [id])
        return try index.read(buckets: buckets) { try h.c.pipeline($0) }.contains(id)
    }

    @Test func addThenRemove_rosterEntryIndexVersionEventsNotifications_andTheOtherClassAfterwards() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        #expect(try h.create("class-2")["outcome"] == "class_created")
        let id = IDs.male(1)
        let added = try Self.add(h, "class-1", Self.student(id.lowercased(), name: "买买提•艾力", phone: "+86 13800138000"))
        #expect(added["status"] == "done" && added["outcome"] == "student_added" && added["entity"] == "class-1", "\(added)")
        let entry = try RosterEntry(idNumber: id, json: try #require(try h.c.send("HGET", h.keys.students("class-1"), id).string))
        #expect(entry.record == StudentRecord(idNumber: id, name: "买买提·艾力", gender: .male, phone: "13800138000", studentType: "其他"))
        #expect(entry.source == "job-3" && entry.addedAt.hasPrefix("2026-11-29T04:0"))
        #expect(try Self.indexed(h, id))
        #expect(try h.c.send("HGET", h.keys.classRecord("class-1"), "rosterVersion").string == "1")
        #expect(try Self.add(h, "class-1", Self.student(id))["outcome"] == "already_enrolled")
        let elsewhere = try Self.add(h, "class-2", Self.student(id))
        #expect(elsewhere["status"] == "rejected" && elsewhere["outcome"] == "enrolled_elsewhere")
        let events = try h.stream(h.keys.events, field: "event").filter { $0["type"]?.stringValue == "student.added" }
        #expect(events.count == 1 && events.first?["payload"]?["idNumber"]?.stringValue == id)
        let notifications = try h.stream(h.keys.notificationQueue, field: "job").filter { $0["payload"]?["template"]?.stringValue == "student.added" }
        #expect(notifications.first?["payload"]?["params"]?["studentName"]?.stringValue == "买买提·艾力")

        #expect(try Self.remove(h, "class-1", id)["outcome"] == "student_removed")
        #expect(try h.c.send("HEXISTS", h.keys.students("class-1"), id).int == 0)
        #expect(try !Self.indexed(h, id))
        #expect(try h.c.send("HGET", h.keys.classRecord("class-1"), "rosterVersion").string == "2")
        #expect(try Self.remove(h, "class-1", id)["outcome"] == "not_enrolled")
        // Released: the other class of the occupation and level may take the student now.
        #expect(try Self.add(h, "class-2", Self.student(id))["outcome"] == "student_added")
        #expect(try h.stream(h.keys.events, field: "event").contains { $0["type"]?.stringValue == "student.removed" })
    }

    @Test func refusals_inTheirOrder_andTheRowRulesAsFieldErrors() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        let id = IDs.male(2)
        let invalid = try Self.add(h, "class-1", Self.student(String(id.dropLast()) + (id.hasSuffix("1") ? "2" : "1"), phone: "12345", type: "学生"))
        #expect(invalid["outcome"] == "validation_failed" && invalid["entity"] == "class-1")
        let errors = try JSONValue.parse(try #require(invalid["errors"])).arrayValue ?? []
        #expect(errors.map { "\($0["field"]?.stringValue ?? "") \($0["code"]?.stringValue ?? "")" }
                == ["payload.student.idNumber id.checksum", "payload.student.phone phone.format", "payload.student.studentType type.unknown"])
        #expect(errors.first?["message"]?.stringValue == RowErrorCode.idChecksum.message)
        #expect(try Self.add(h, "class-1", Self.student(IDs.make(2, born: "20150101")))["outcome"] == "validation_failed")
        let typed = try h.run(StudentPayload.addedType, ["classId": "class-1", "institutionId": "inst-1", "student": ["name": 3]])
        #expect(typed["outcome"] == "validation_failed" && typed["errors"]?.contains("payload.student.name") == true)
        #expect(try Self.add(h, "class-none", Self.student(id))["outcome"] == "unknown_class")
        #expect(try Self.add(h, "class-1", Self.student(id), institution: "inst-2")["outcome"] == "forbidden")
        #expect(try Self.remove(h, "class-1", id, institution: "inst-2")["outcome"] == "forbidden")
        #expect(try Self.remove(h, "class-none", id)["outcome"] == "unknown_class")
        #expect(try Self.remove(h, "class-1", "123")["outcome"] == "validation_failed")

        // Learning time counted: the student stays (the training workflow writes the hours).
        #expect(try Self.add(h, "class-1", Self.student(id))["outcome"] == "student_added")
        _ = try h.c.send("HSET", TrainingQuery.hoursKey("class-1", prefix: h.keys.prefix), id, "1800").throwingServerError()
        #expect(try Self.remove(h, "class-1", id)["outcome"] == "has_learning_records")
        #expect(try Self.indexed(h, id))
        // Locked: nobody joins; a student without learning time may still leave.
        let other = IDs.male(3)
        #expect(try Self.add(h, "class-1", Self.student(other))["outcome"] == "student_added")
        #expect(try h.publish("class-1")["outcome"] == "tasks_published")
        #expect(try Self.add(h, "class-1", Self.student(IDs.male(4)))["outcome"] == "roster_locked")
        #expect(try Self.remove(h, "class-1", other)["outcome"] == "student_removed")
        // Closed (the e-certificate's step): the roster no longer changes.
        _ = try h.c.send("HSET", h.keys.classRecord("class-1"), "state", "closed").throwingServerError()
        _ = try h.c.send("HDEL", TrainingQuery.hoursKey("class-1", prefix: h.keys.prefix), id).throwingServerError()
        #expect(try Self.remove(h, "class-1", id)["outcome"] == "class_closed")
    }

    @Test func expiredQualification_stopsAdditionsToAnOpenClass() throws {
        let h = try ImportWorkerTests.open()
        defer { h.stop() }
        try DomainFixtures.qualify("inst-1", items: [ApplicationItem(occupation: "electrician", level: .junior)], status: .expired,
                                   keys: QualificationKeys(h.keys.queue), on: h.c)
        #expect(try Self.add(h, "class-1", Self.student(IDs.male(5)))["outcome"] == "not_qualified")
    }

    /// An import meets a student added to another class of the occupation and level: that row
    /// is `id.enrolled_elsewhere`, the others join, and the index holds each student once.
    @Test func importAfterAnAddition_elsewhereRowRefused_othersJoinAndAreIndexed() throws {
        let h = try ImportWorkerTests.open(limits: ImportLimits())
        defer { h.stop() }
        #expect(try h.create("class-2")["outcome"] == "class_created")
        #expect(try Self.add(h, "class-2", Self.student(IDs.male(2)))["outcome"] == "student_added")
        try ImportWorkerTests.upload(h, "upload:x", ImportWorkerTests.header
            + "1,张三,男,\(IDs.male(1)),13800138000,其他\n2,李四,男,\(IDs.male(2)),13800138001,其他\n3,王五,男,\(IDs.male(3)),13800138002,退役军人\n")
        let strict = try ImportWorkerTests.importFile(h, "imp-strict", key: "upload:x")
        #expect(strict["outcome"] == "import_refused")
        #expect(try h.c.send("EXISTS", h.keys.students("class-1")).int == 0)
        let result = try ImportWorkerTests.importFile(h, "imp-x", key: "upload:x", mode: .acceptValid)
        #expect(result["outcome"] == "partially_imported")
        let errors = try (h.c.send("LRANGE", h.keys.errors("imp-x"), 0, -1).array ?? []).compactMap { try $0.string.map { try JSONValue.parse($0) } }
        #expect(errors.map { "\($0["row"]?.intValue ?? 0) \($0["code"]?.stringValue ?? "")" } == ["3 id.enrolled_elsewhere"])
        #expect(Set((try h.c.send("HKEYS", h.keys.students("class-1")).array ?? []).compactMap(\.string)) == [IDs.male(1), IDs.male(3)])
        let entry = try RosterEntry(idNumber: IDs.male(3), json: try #require(try h.c.send("HGET", h.keys.students("class-1"), IDs.male(3)).string))
        #expect(entry.source == "imp-x" && entry.record.studentType == "退役军人" && entry.record.name == "王五")
        #expect(try [1, 2, 3].allSatisfy { try Self.indexed(h, IDs.male($0)) })
    }
}
