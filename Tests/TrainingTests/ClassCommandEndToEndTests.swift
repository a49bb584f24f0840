import ClassQueries
import DomainFixtures
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import TestSupport
import Testing
import Training
import TrainingDomain

/// The clerk's whole flow from the command line: the real `vtctl`, `import-worker` and
/// `training-worker` against a real redis-server. A class created, two students added and one
/// imported, course tasks published, learning recorded, scores set by hand and imported from a
/// file, the student list with 课时 and scores (human and JSON), removals, and bad input refused
/// with its exit code and message.
@Suite struct ClassCommandEndToEndTests {
    static let (a, b, c) = (TrainingFixtures.id(21), TrainingFixtures.id(22), TrainingFixtures.id(23))

    static func gender(_ id: String) throws -> String { try ResidentIDNumber.validateFormat(id).get().gender.chineseName }

    /// The whitespace-separated cells of the student list's line for `idNumber`.
    static func cells(_ out: String, _ idNumber: String) -> [String] {
        out.split(separator: "\n").first { $0.contains(idNumber) }.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    @Test func clerkFlow_createAddImportPublishLearnScoreList_withTheRealWorkers() throws {
        let cl = try TrainingEndToEndTests.Cluster()
        defer { cl.stop() }
        try cl.start("import-worker")
        try cl.start("training-worker")
        let env = cl.env
        try DomainFixtures.certifyAndQualify("inst-v", keys: QualificationKeys(env.keys), on: cl.c)
        func vtctl(_ arguments: String...) throws -> (code: Int32, out: String, err: String) { try env.runVtctlCapturingErrors(arguments) }

        let created = try vtctl("class", "create", "--class", "class-v", "--institution", "inst-v", "--name", "电工初级班", "--occupation", "electrician",
                                "--level", "junior", "--planned-size", "30", "--location", "长沙市芙蓉区")
        #expect(created.code == 0 && created.out.contains("done: class_created"), "\(created)")

        // Two students by hand, one from a file.
        let added = try vtctl("class", "add-student", "class-v", "--name", "张三", "--gender", try Self.gender(Self.a), "--id", Self.a,
                              "--phone", "13800138000", "--type", "其他")
        #expect(added.code == 0 && added.out.contains("done: student_added"), "\(added)")
        let studentFile = env.directory.appendingPathComponent("student.json")
        try JSONValue.object(["name": "李四", "gender": .string(try Self.gender(Self.b)), "idNumber": .string(Self.b), "phone": "13800138001",
                              "studentType": "其他"]).jsonString.write(to: studentFile, atomically: true, encoding: .utf8)
        let addedFromFile = try vtctl("--json", "class", "add-student", "class-v", "--file", studentFile.path)
        let addedOutcome = try JSONValue.parse(addedFromFile.out)["outcome"]
        #expect(addedFromFile.code == 0 && addedOutcome == "student_added", "\(addedFromFile)")
        let roster = env.directory.appendingPathComponent("roster.csv").path
        try "姓名,性别,身份证号,手机号,学员类型\n王五,\(try Self.gender(Self.c)),\(Self.c),13800138002,其他\n".write(toFile: roster, atomically: true, encoding: .utf8)
        #expect(try vtctl("import", "run", "--class", "class-v", "--file", roster).out.contains("done: imported"))

        let shown = try vtctl("class", "show", "class-v")
        #expect(shown.code == 0 && shown.out.contains("class class-v 电工初级班: open"), "\(shown)")
        #expect(shown.out.contains("3 on the roster, 0 with learning time, 0 with scores, 0 passed"))
        #expect(shown.out.contains("electrician/junior · 电工"))

        // Course tasks: the first publication locks the roster.
        let published = try vtctl("class", "publish", "class-v", "--course", "c-1:电工基础:16", "--course", "c-2:安全用电:8")
        #expect(published.code == 0 && published.out.contains("done: tasks_published"), "\(published)")
        let locked = try JSONValue.parse(try vtctl("--json", "class", "show", "class-v").out)
        #expect(locked["state"] == "locked" && locked["requiredHours"]?.intValue == 24 && locked["courses"]?.arrayValue?.count == 2)
        let late = try vtctl("class", "add-student", "class-v", "--name", "赵六", "--gender", try Self.gender(TrainingFixtures.id(24)), "--id", TrainingFixtures.id(24),
                             "--phone", "13800138003", "--type", "其他")
        #expect(late.code == 3 && late.out.contains("rejected: roster_locked"), "\(late)")

        // Learning from the learning platform: 张三 3,000 s (1.1 课时), 李四 5,400 s (2.0), 王五 none.
        for (job, record, id, seconds) in [("l1", "r1", Self.a, 1_800), ("l2", "r2", Self.a, 1_200), ("l3", "r3", Self.b, 5_400)] {
            #expect(try cl.run(job, LearningPayload.type, LearningRecordRequest(recordId: record, classId: "class-v", idNumber: id, courseId: "c-1",
                                                                               seconds: seconds, occurredAt: "2026-11-29T08:00:00+08:00").json)["outcome"] == "recorded")
        }

        // Scores: 张三 by hand, 李四 and 王五 from the scores file.
        let set = try vtctl("scores", "set", "class-v", "--id", Self.a, "--theory", "88.5", "--practical", "９０")
        #expect(set.code == 0 && set.out.contains("done: scores_recorded"), "\(set)")
        let scoresFile = env.directory.appendingPathComponent("scores.csv").path
        try "姓名,身份证号,理论成绩,实操成绩\n李四,\(Self.b),59,75\n王五,\(Self.c),60,60\n".write(toFile: scoresFile, atomically: true, encoding: .utf8)
        let imported = try vtctl("scores", "import", "class-v", "--file", scoresFile, "--import-id", "simp-v")
        #expect(imported.code == 0 && imported.out.contains("done: imported") && imported.out.contains("acceptedRows      2"), "\(imported)")

        // A file with a bad row, all or nothing: refused, the report and its error report say why.
        try "姓名,身份证号,理论成绩,实操成绩\n李四,\(Self.b),九十,75\n".write(toFile: scoresFile, atomically: true, encoding: .utf8)
        let refusedFile = try vtctl("scores", "import", "class-v", "--file", scoresFile, "--import-id", "simp-bad")
        #expect(refusedFile.code == 0 && refusedFile.out.contains("done: import_refused") && refusedFile.out.contains("第2行"), "\(refusedFile)")
        #expect(refusedFile.out.contains("score.format"))
        let errorsOut = env.directory.appendingPathComponent("errors.csv").path
        let report = try vtctl("--json", "scores", "report", "simp-bad", "--errors-out", errorsOut)
        let reportJSON = try JSONValue.parse(report.out)
        #expect(report.code == 0 && reportJSON["report"]?["kind"] == "scores" && reportJSON["report"]?["invalidRows"] == "1", "\(report)")
        #expect(String(decoding: try #require(FileManager.default.contents(atPath: errorsOut)), as: UTF8.self).contains("错误原因"))
        #expect(try vtctl("scores", "report", "simp-none").code == 1)

        // The student list: joining order, every field in full, 课时 with one decimal, scores.
        let list = try vtctl("class", "students", "class-v", "--with-hours", "--with-scores")
        #expect(list.code == 0 && list.out.contains("3 students, required hours 24 课时"), "\(list)")
        #expect(Self.cells(list.out, Self.a) == ["1", "张三", try Self.gender(Self.a), "其他", Self.a, "13800138000", "1.1", "88.5", "90", "合格"], "\(list.out)")
        #expect(Self.cells(list.out, Self.b) == ["2", "李四", try Self.gender(Self.b), "其他", Self.b, "13800138001", "2.0", "59", "75", "不合格"])
        #expect(Self.cells(list.out, Self.c) == ["3", "王五", try Self.gender(Self.c), "其他", Self.c, "13800138002", "0.0", "60", "60", "合格"])
        let plain = try vtctl("class", "students", "class-v")
        #expect(Self.cells(plain.out, Self.a).count == 6 && !plain.out.contains("课时   ") && !plain.out.contains("合格"))
        let listJSON = try JSONValue.parse(try vtctl("--json", "class", "students", "class-v", "--with-hours", "--with-scores").out)
        let students = listJSON["students"]?.arrayValue ?? []
        #expect(students.map { $0["idNumber"]?.stringValue } == [Self.a, Self.b, Self.c])
        #expect(students.first?["learningSeconds"]?.intValue == 3_000 && students.first?["hours"] == 1.1 && students.first?["theory"] == 88.5
                && students.first?["practical"] == 90 && students.first?["passed"] == true && students.first?["phone"] == "13800138000")
        #expect(students.dropFirst().first?["passed"] == false && students.last?["hours"] == 0 && students.last?["sequence"]?.intValue == 3)
        #expect(try JSONValue.parse(try vtctl("--json", "class", "students", "class-v").out)["students"]?.arrayValue?.first?["hours"] == nil)

        // Counts: 3 on the roster, 2 with learning time, 3 with scores, 2 passed; in the institution's list too.
        #expect(try vtctl("class", "show", "class-v").out.contains("3 on the roster, 2 with learning time, 3 with scores, 2 passed"))
        let classes = try vtctl("class", "list", "--institution", "inst-v")
        #expect(Self.cells(classes.out, "class-v") == ["class-v", "locked", "electrician/junior", "24", "3", "2", "3", "2", "电工初级班"], "\(classes.out)")
        let classesJSON = try JSONValue.parse(try vtctl("--json", "class", "list", "--institution", "inst-v").out)
        #expect(classesJSON["classes"]?.arrayValue?.first?["counts"] == ["students": 3, "withLearningTime": 2, "withScores": 3, "passed": 2])
        #expect(try vtctl("class", "list", "--institution", "inst-none").out.contains("institution inst-none has no class"))

        // Removal: refused once learning time is counted (已产生培训记录的学员信息无法删除); 王五 has none.
        let refused = try vtctl("class", "remove-student", "class-v", "--id", Self.a)
        #expect(refused.code == 3 && refused.out.contains("rejected: has_learning_records"), "\(refused)")
        #expect(try vtctl("class", "remove-student", "class-v", "--id", Self.c).out.contains("done: student_removed"))
        let after = try JSONValue.parse(try vtctl("--json", "class", "show", "class-v").out)
        #expect(after["counts"] == ["students": 2, "withLearningTime": 2, "withScores": 2, "passed": 1], "a removed student's scores are not counted")
        #expect(try cl.c.send("XLEN", env.keys.dead("training")).int == 0 && cl.c.send("XLEN", env.keys.dead("import")).int == 0)
    }

    @Test func badInput_exitCodesAndClearMessages_nothingSent() throws {
        let cl = try TrainingEndToEndTests.Cluster()
        defer { cl.stop() }
        let env = cl.env
        try TrainingFixtures.makeClass("class-b", institution: "inst-b", students: [Self.a], keys: env.keys, on: cl.c)
        func vtctl(_ arguments: String...) throws -> (code: Int32, out: String, err: String) { try env.runVtctlCapturingErrors(arguments) }

        // Unknown class: exit 1 before anything is sent.
        let unknown = try vtctl("class", "show", "class-404")
        #expect(unknown.code == 1 && unknown.err.contains("no class class-404"), "\(unknown)")
        #expect(try vtctl("class", "students", "class-404").code == 1)
        let unknownScores = try vtctl("scores", "set", "class-404", "--id", Self.a, "--theory", "90", "--practical", "90")
        #expect(unknownScores.code == 1 && unknownScores.err.contains("class class-404 does not exist (or give --institution)"), "\(unknownScores)")

        // A score the decoder refuses: exit 3 with the field and the row code, not enqueued.
        let chinese = try vtctl("scores", "set", "class-b", "--id", Self.a, "--theory", "九十", "--practical", "80")
        #expect(chinese.code == 3 && chinese.err.contains("not enqueued: 1 invalid field"), "\(chinese)")
        #expect(chinese.err.contains("payload.scores[0].theory: score.format"))
        let decimals = try JSONValue.parse(try vtctl("--json", "scores", "set", "class-b", "--id", Self.a, "--theory", "100.001", "--practical", "80").out)
        #expect(decimals["enqueued"] == false && decimals["errors"]?.arrayValue?.first?["code"] == "score.format")
        let range = try vtctl("scores", "set", "class-b", "--id", Self.a, "--theory", "-5", "--practical", "101")
        #expect(range.code == 3 && range.err.contains("theory: score.range") && range.err.contains("practical: score.range"), "\(range)")
        let badStudent = try vtctl("class", "add-student", "class-b", "--name", "张三", "--gender", "男", "--id", "123", "--phone", "1380013",
                                   "--type", "其他")
        #expect(badStudent.code == 3 && badStudent.err.contains("payload.student.idNumber: id.length")
                && badStudent.err.contains("payload.student.phone: phone.format"), "\(badStudent)")
        #expect(try cl.c.send("XLEN", env.keys.queue("training")).int == 0 && cl.c.send("XLEN", env.keys.queue("import")).int == 0)

        // A value changed by hand in Redis: an error naming it, exit 1.
        _ = try cl.c.send("HSET", TrainingKeys(env.keys).hours("class-b"), Self.a, "many").throwingServerError()
        let corrupt = try vtctl("class", "students", "class-b", "--with-hours")
        #expect(corrupt.code == 1 && corrupt.err.contains("learning time in class class-b is not a number: many"), "\(corrupt)")

        // Missing or malformed options: usage, exit 2.
        let missing = try vtctl("scores", "set", "class-b", "--id", Self.a, "--theory", "90")
        #expect(missing.code == 2 && missing.err.contains("--practical is required"), "\(missing)")
        #expect(try vtctl("class", "create", "--class", "c", "--institution", "i", "--name", "n", "--occupation", "electrician",
                          "--planned-size", "3", "--location", "x").err.contains("--level is required"))
        #expect(try vtctl("class", "add-student", "class-b", "--name", "张三").err.contains("--gender is required"))
        #expect(try vtctl("class", "remove-student", "class-b").code == 2)
        let course = try vtctl("class", "publish", "class-b", "--course", "电工基础")
        #expect(course.code == 2 && course.err.contains("--course takes ID:NAME:HOURS"), "\(course)")
        let both = try vtctl("scores", "set", "class-b", "--id", Self.a, "--file", "scores.json")
        #expect(both.code == 2 && both.err.contains("give --file or --id, not both"), "\(both)")
        #expect(try vtctl("scores", "report").err.contains("IMPORT_ID is required"))

        // No worker: the job stays queued, exit 5.
        let waiting = try vtctl("scores", "set", "class-b", "--id", Self.a, "--theory", "90", "--practical", "90", "--timeout", "1")
        #expect(waiting.code == 5 && waiting.out.contains("is a training-worker running?"), "\(waiting)")
    }

    @Test func closedClass_showsItsClosingTimeAndCertificate() throws {
        let cl = try TrainingEndToEndTests.Cluster()
        defer { cl.stop() }
        try TrainingFixtures.makeClass("class-c", institution: "inst-c", students: [Self.a, Self.b], keys: cl.env.keys, on: cl.c)
        try TrainingFixtures.close("class-c", keys: cl.env.keys, on: cl.c)
        _ = try cl.c.send("HSET", ClassQuery.classKey("class-c", prefix: cl.env.prefix), "closedAt", "2026-12-01T10:00:00+08:00",
                          "certificateId", "CERT-1").throwingServerError()
        let shown = try cl.env.runVtctl(["class", "show", "class-c"])
        #expect(shown.code == 0 && shown.out.contains("class class-c 电工初级班: closed (已结班"), "\(shown.out)")
        #expect(shown.out.contains("closed at       2026-12-01T10:00:00+08:00") && shown.out.contains("certificate     CERT-1"))
        #expect(shown.out.contains("required hours  16 课时") && shown.out.contains("2 on the roster, 0 with learning time"))
        let json = try JSONValue.parse(try cl.env.runVtctl(["--json", "class", "show", "class-c"]).out)
        #expect(json["state"] == "closed" && json["closedAt"] == "2026-12-01T10:00:00+08:00" && json["certificateId"] == "CERT-1")
        _ = try cl.c.send("SADD", ClassQuery.institutionClassesKey("inst-c", prefix: cl.env.prefix), "class-c").throwingServerError()
        let listed = try JSONValue.parse(try cl.env.runVtctl(["--json", "class", "list", "--institution", "inst-c"]).out)
        #expect(listed["classes"]?.arrayValue?.map { $0["certificateId"] } == ["CERT-1"])
    }
}
