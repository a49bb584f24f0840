import ClassQueries
import JobQueue
import RedisClient
import TrainingQueries

/// What the clerk's class commands show of a class (`class show`, `class list`, `class
/// students`): the record, the roster in joining order, every student's learning seconds and
/// scores, all read through the owners' query types (`ClassQuery`, `TrainingQuery`).
struct ClassOverview {
    let record: ClassRecord
    /// In the order the students joined.
    let roster: [RosterEntry]
    /// ID number → online learning seconds counted.
    let seconds: [String: Int]
    /// ID number → scores recorded.
    let scores: [String: RecordedScores]

    /// The students on the roster, with learning time, with scores, and passed (合格). Learning
    /// time and scores of a student who left the roster are not counted.
    struct Counts: Equatable {
        var students = 0
        var withLearningTime = 0
        var withScores = 0
        var passed = 0

        var json: JSONValue {
            ["students": .number(Double(students)), "withLearningTime": .number(Double(withLearningTime)),
             "withScores": .number(Double(withScores)), "passed": .number(Double(passed))]
        }

        /// `3 on the roster, 2 with learning time, 2 with scores, 1 passed`.
        var text: String { "\(students) on the roster, \(withLearningTime) with learning time, \(withScores) with scores, \(passed) passed" }
    }

    var counts: Counts {
        var c = Counts(students: roster.count)
        for entry in roster {
            let id = entry.record.idNumber
            if (seconds[id] ?? 0) > 0 { c.withLearningTime += 1 }
            if let s = scores[id] {
                c.withScores += 1
                if s.passed { c.passed += 1 }
            }
        }
        return c
    }

    /// The classes of `classIds` that exist, in that order: four reads a class, all in one round trip.
    static func read(_ s: Session, classIds: [String]) throws -> [ClassOverview] {
        guard !classIds.isEmpty else { return [] }
        let keys = s.keys.queue
        let lookups = classIds.map { id in
            (ClassQuery.record(classId: id, keys: keys), ClassQuery.roster(classId: id, keys: keys),
             TrainingQuery.classHours(classId: id, keys: keys), TrainingQuery.classScores(classId: id, keys: keys))
        }
        let replies = try s.connection.pipeline(lookups.flatMap { [$0.0.command, $0.1.command, $0.2.command, $0.3.command] })
        return try lookups.enumerated().compactMap { i, l in
            guard let record = try l.0.answer(replies[4 * i]).record else { return nil }
            return ClassOverview(record: record, roster: try l.1.answer(replies[4 * i + 1]), seconds: try l.2.answer(replies[4 * i + 2]),
                                 scores: try l.3.answer(replies[4 * i + 3]))
        }
    }

    /// One class, or nil after printing that it does not exist.
    static func read(_ s: Session, classId: String) throws -> ClassOverview? {
        guard let overview = try read(s, classIds: [classId]).first else {
            s.err("no class \(classId)")
            return nil
        }
        return overview
    }
}
