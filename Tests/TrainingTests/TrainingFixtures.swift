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

    /// A class `classId` of `institution` in `state`, with `students` on its roster.
    static func makeClass(_ classId: String, institution: String = "inst-1", state: ClassState = .locked, students: [String],
                          keys: QueueKeys, on c: RedisConnection) throws {
        let record = ClassRecord(classId: classId, institutionId: institution, name: "电工初级班", occupation: "electrician", level: .junior,
                                 trainingMode: .onlineOffline, location: "长沙市芙蓉区", plannedSize: 30, state: state, version: 2,
                                 courses: [Course(courseId: "c-1", name: "电工基础", hours: 16)])
        _ = try c.send(.hset(ClassQuery.classKey(classId, prefix: keys.prefix), record.fields + [("rosterVersion", "1")])).throwingServerError()
        try enroll(students, classId: classId, keys: keys, on: c)
    }

    /// Puts `students` on the roster (today the roster set) and bumps `rosterVersion`, as a roster change does.
    static func enroll(_ students: [String], classId: String, keys: QueueKeys, on c: RedisConnection) throws {
        guard !students.isEmpty else { return }
        _ = try c.send(RedisCommand("SADD", [ClassQuery.rosterKey(classId, prefix: keys.prefix)] + students)).throwingServerError()
        _ = try c.send("HINCRBY", ClassQuery.classKey(classId, prefix: keys.prefix), "rosterVersion", 1).throwingServerError()
    }

    /// Closes the class (as the e-certificate will).
    static func close(_ classId: String, keys: QueueKeys, on c: RedisConnection) throws {
        _ = try c.send("HSET", ClassQuery.classKey(classId, prefix: keys.prefix), "state", "closed").throwingServerError()
    }
}
