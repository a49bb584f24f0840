import ClassQueries
import JobQueue
import RedisClient
import TrainingDomain

/// Test data of the training workflow: valid ID numbers, and classes written straight into Redis
/// as the import workflow leaves them. `enroll` is the one place these tests write a roster.
enum TrainingFixtures {
    /// Valid ID numbers: region 430102, born 1990-01-01, sequence `n` (the import tests' numbers).
    static func id(_ n: Int) -> String {
        let first17 = "430102" + "19900101" + String(String(n + 1000).suffix(3))
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }

    /// When the fixture classes were created (their audit trail's `created` entry): 开班时间.
    static let openedAt = "2026-11-02T01:30:00.000Z"

    /// A class `classId` of `institution` in `state`, with `students` on its roster and its
    /// audit trail's `created` entry.
    static func makeClass(_ classId: String, institution: String = "inst-1", state: ClassState = .locked, students: [String],
                          keys: QueueKeys, on c: RedisConnection) throws {
        let record = ClassRecord(classId: classId, institutionId: institution, name: "电工初级班", occupation: "electrician", level: .junior,
                                 trainingMode: .onlineOffline, location: "长沙市芙蓉区", plannedSize: 30, state: state, version: 2,
                                 courses: [Course(courseId: "c-1", name: "电工基础", hours: 16)])
        _ = try c.send(.hset(ClassQuery.classKey(classId, prefix: keys.prefix), record.fields + [("rosterVersion", "1")])).throwingServerError()
        _ = try c.send("XADD", ClassQuery.auditKey(classId, prefix: keys.prefix), "*", "action", "created", "actor", "institution:\(institution)",
                       "revision", "1", "at", openedAt).throwingServerError()
        try enroll(students, classId: classId, keys: keys, on: c)
    }

    /// The name a fixture student has on a roster: 张三, 李四, 王五 for `id(1)`…`id(3)` (the names
    /// the scores files of these tests carry), 学员 and the sequence otherwise.
    static func name(of idNumber: String) -> String {
        let n = Int(idNumber.dropFirst(14).prefix(3)) ?? 0
        return [1: "张三", 2: "李四", 3: "王五"][n] ?? "学员\(n)"
    }

    /// Puts `students` on the roster, in this order (one second apart), and bumps `rosterVersion`,
    /// as a roster change does.
    static func enroll(_ students: [String], classId: String, keys: QueueKeys, on c: RedisConnection) throws {
        guard !students.isEmpty else { return }
        var fields: [(String, String)] = []
        for (i, id) in students.enumerated() {
            let record = StudentRecord(idNumber: id, name: name(of: id), gender: (Int(String(id.dropFirst(16).prefix(1))) ?? 1) % 2 == 1 ? .male : .female, phone: "13800000000", studentType: "城镇登记失业人员")
            let entry = RosterEntry(record: record, addedAt: String(format: "2026-03-01T08:00:%02d+08:00", i % 60), source: "fixture")
            fields.append((id, String(decoding: entry.json, as: UTF8.self)))
        }
        _ = try c.send(.hset(ClassQuery.studentsKey(classId, prefix: keys.prefix), fields)).throwingServerError()
        _ = try c.send("HINCRBY", ClassQuery.classKey(classId, prefix: keys.prefix), "rosterVersion", 1).throwingServerError()
    }

    /// Closes the class (as the e-certificate will).
    static func close(_ classId: String, keys: QueueKeys, on c: RedisConnection) throws {
        _ = try c.send("HSET", ClassQuery.classKey(classId, prefix: keys.prefix), "state", "closed").throwingServerError()
    }
}
