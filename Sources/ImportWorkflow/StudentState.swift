import ClassQueries
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain
import TrainingQueries

/// What `student.added` and `student.removed` read, in two round trips: the class hash, the
/// student's roster entry and (for a removal) learning time; then, for an existing class, the
/// student's bucket of the enrolment index of its occupation and level and (for an addition to
/// an open class) its qualification. With the guards every ending carries: the class's
/// `version`, the student's roster field, the learning time's field, the bucket's version and the
/// qualification's version, each as read.
struct StudentState {
    let standing: StudentStanding
    /// The student's bucket as read, for the claim or the release; nil without a class.
    let enrollment: EnrollmentBuckets?
    let guards: [Guard]

    static func read(classId: String, idNumber: String, keys: ImportKeys, context: JobContext, forRemoval: Bool) throws -> StudentState {
        let classKey = keys.classRecord(classId)
        let student = ClassQuery.student(classId: classId, idNumber: idNumber, prefix: keys.prefix)
        var reads = [RedisCommand("HGETALL", classKey), student.command]
        let learning = TrainingQuery.learningTime(classId: classId, idNumber: idNumber, keys: context.keys)
        if forRemoval { reads.append(learning.command) }
        let replies = try context.read(reads)
        try replies[0].throwingServerError()
        let record = try ClassRecord(classId: classId, fields: replies[0].fieldMap)
        let onRoster = try student.answer(replies[1])
        var guards = [Guard(key: classKey, field: "version", expected: record.map { String($0.version) } ?? ""), onRoster.guarded]
        var standing = StudentStanding(record: record, entry: onRoster.entry)
        if forRemoval {
            let time = try learning.answer(replies[2])
            guards.append(time.pin)
            standing.learningSeconds = time.seconds
        }
        guard let record else { return StudentState(standing: standing, enrollment: nil, guards: guards) }
        let index = keys.enrollment(occupation: record.occupation, level: record.level)
        let buckets = EnrollmentIndex.buckets(of: [idNumber])
        var second = index.commands(buckets: buckets)
        let qualification = !forRemoval && record.state == .open
            ? QualificationQuery(institutionId: record.institutionId, occupation: record.occupation, level: record.level, keys: context.keys) : nil
        if let qualification { second.append(qualification.command) }
        let answers = try context.read(second)
        let enrollment = try index.read(buckets: buckets) { _ in Array(answers[0..<2]) }
        guards += enrollment.guards
        standing.elsewhere = standing.entry == nil && enrollment.contains(idNumber)
        if let qualification {
            let item = try qualification.answer(answers[2])
            standing.qualified = item.isActive(on: LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(context.clock.nowMs()) / 1000)))
            guards.append(item.versionGuard)
        }
        return StudentState(standing: standing, enrollment: enrollment, guards: guards)
    }
}
