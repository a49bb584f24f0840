import ClassQueries
import Foundation
import ImportWorkflow
import JobQueue
import RedisClient
import TestSupport
import Testing

/// `student.added` and `student.removed` with the real `import-worker` executable, and through
/// `vtctl enqueue` (whose decoder checks the row rules first): a student added to one class is
/// refused by a second class of the occupation and level and by an import into it, until the
/// first class removes the student; the roster entry keeps the student's record.
@Suite struct StudentEndToEndTests {
    @Test func realWorker_addRefuseElsewhereImportRemoveThenAddElsewhere() throws {
        let h = try RealImportWorker(institution: "inst-e", idPrefix: "e2e")
        defer { h.stop() }
        let (env, c, keys, worker) = (h.env, h.c, h.keys, h.worker)
        func run(_ type: String, _ payload: JSONValue) throws -> [String: String] { try h.run(type, payload) }
        for classId in ["cls-a", "cls-b"] {
            #expect(try run(ClassPayload.createdType, ClassCreateRequest(classId: classId, institutionId: "inst-e", name: "电工班\(classId)",
                                                                        occupation: "electrician", level: .junior, plannedSize: 30,
                                                                        trainingMode: .online, location: nil).json)["outcome"] == "class_created")
        }
        let id = IDs.male(7)
        func add(_ classId: String) throws -> [String: String] {
            try run(StudentPayload.addedType, ["classId": .string(classId), "institutionId": "inst-e",
                                               "student": ["name": "欧阳修", "gender": "男", "idNumber": .string(id), "phone": "13912345678",
                                                           "studentType": "退役军人"]])
        }
        #expect(try add("cls-a")["outcome"] == "student_added")
        let entry = try RosterEntry(idNumber: id, json: try #require(try c.send("HGET", keys.students("cls-a"), id).string))
        #expect(entry.record.name == "欧阳修" && entry.record.phone == "13912345678" && entry.record.studentType == "退役军人")
        #expect(try add("cls-b")["outcome"] == "enrolled_elsewhere")
        _ = try c.send("SET", "upload:b", ImportWorkerTests.header + "1,欧阳修,男,\(id),13912345678,退役军人\n").throwingServerError()
        let refused = try run(ImportPayload.type, ImportRequest(importId: "imp-b", institutionId: "inst-e", classId: "cls-b",
                                                                source: .redisKey("upload:b")).json)
        #expect(refused["outcome"] == "import_refused")
        #expect(try c.send("LRANGE", keys.errors("imp-b"), 0, -1).array?.first?.string?.contains("id.enrolled_elsewhere") == true)

        // vtctl enqueue: the row rules refuse a wrong check character before anything is sent.
        let bad = env.directory.appendingPathComponent("bad.json")
        try #"{"classId": "cls-b", "institutionId": "inst-e", "student": {"name": "欧阳修", "gender": "男", "idNumber": "\#(id.dropLast())\#(id.hasSuffix("1") ? "2" : "1")", "phone": "13912345678", "studentType": "退役军人"}}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        let badRun = try env.runVtctl(["--json", "enqueue", "--type", "student.added", "--file", bad.path])
        #expect(badRun.code != 0 && badRun.out.contains("payload.student.idNumber") && badRun.out.contains("id.checksum"), "\(badRun.out)")
        let removal = env.directory.appendingPathComponent("remove.json")
        try #"{"classId": "cls-a", "institutionId": "inst-e", "idNumber": "\#(id)"}"#.write(to: removal, atomically: true, encoding: .utf8)
        let removed = try env.runVtctl(["enqueue", "--type", "student.removed", "--file", removal.path, "--wait"])
        #expect(removed.code == 0 && removed.out.contains("student_removed"), "\(removed.out)")
        #expect(try c.send("HEXISTS", keys.students("cls-a"), id).int == 0)
        #expect(try add("cls-b")["outcome"] == "student_added")
        #expect(worker.terminate() == 0)
        #expect(!worker.log.contains(id), "ID numbers never reach the log")
    }
}
