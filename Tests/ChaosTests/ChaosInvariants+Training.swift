import Foundation
import JobQueue
import Training

extension ChaosInvariants {
    /// Every learning record counted exactly once whatever the copies, resends, kills and restarts:
    /// one `recorded` result per record id (the other jobs carrying it `already_counted`), one
    /// claim per record, and each student's hours the sum of their distinct records; each class's
    /// scores as sent.
    var learningCountedOnce: ChaosCheck {
        var check = ChaosCheck(name: "every learning record counted exactly once, hours = sum of distinct records")
        let t = TrainingKeys(keys.queue)
        var recordedBy: [String: Int] = [:]
        var copies = 0
        for (job, record) in ledger.learningJobs {
            switch result(job)["outcome"] {
            case "recorded": recordedBy["\(record.classId)|\(record.recordId)", default: 0] += 1
            case "already_counted": copies += 1
            case let other: check.fail("\(job): outcome \(other ?? "none"), expected recorded or already_counted")
            }
        }
        var distinct = 0
        for (classId, records) in ledger.learning.sorted(by: { $0.key < $1.key }) {
            distinct += records.count
            var expected: [String: Int] = [:]
            for r in records.values {
                expected[r.idNumber, default: 0] += r.seconds
                let n = recordedBy["\(classId)|\(r.recordId)", default: 0]
                if n != 1 { check.fail("\(classId) \(r.recordId): recorded by \(n) jobs") }
            }
            let hours = snap.hashes[t.hours(classId)] ?? [:]
            if hours != expected.mapValues(String.init) { check.fail("\(classId): hours \(hours.count) students differ from the distinct records' sums") }
            let claims = snap.hashes[t.records(classId)] ?? [:]
            if Set(claims.keys) != Set(records.keys) { check.fail("\(classId): \(claims.count) records claimed, \(records.count) distinct sent") }
            let passed = (snap.hashes[t.scores(classId)] ?? [:]).compactMapValues { (try? JSONValue.parse($0))?["passed"]?.boolValue }
            if let sent = ledger.scores[classId], passed != sent { check.fail("\(classId): scores \(passed.count) students, passes differ from those sent") }
        }
        check.figures = "\(ledger.learningJobs.count) learning jobs for \(distinct) distinct records in \(ledger.learning.count) classes "
            + "(\(copies) copies already counted), \(ledger.trainingKills) training workers SIGKILLed after a burst"
        return check
    }
}
