import CertificationQueries
import ClassQueries
import Foundation
import JobQueue
import Training
import TrainingQueries
import WorkflowKernel

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

extension ChaosInvariants {
    /// One certificate per class whatever the concurrent requests and kills: both requests end
    /// `certificate_issued` naming the class's `certificateId`, exactly one certificate hash names
    /// the class, and what it signed is the frozen state: its counts are the roster's and the
    /// passes in the scores hash, and its roster hash is that of the lines the final roster,
    /// hours and scores print (so no hour or score changed after the closing).
    var certificatesOnce: ChaosCheck {
        var check = ChaosCheck(name: "one e-certificate per class, signed over the hours and scores frozen at its closing")
        let t = TrainingKeys(keys.queue)
        var byClass: [String: [CertificateRecord]] = [:]
        for (key, fields) in snap.hashes where key.hasPrefix(t.certificate("")) && !key.hasSuffix(":pdf") {
            guard let record = try? CertificateRecord(fields: fields) else { check.fail("\(key) is not a certificate"); continue }
            byClass[record.classId, default: []].append(record)
        }
        for (classId, jobs) in ledger.certificates.sorted(by: { $0.key < $1.key }) {
            let classHash = snap.hashes[keys.classRecord(classId)] ?? [:]
            let outcomes = jobs.map { result($0) }
            if !outcomes.allSatisfy({ $0["outcome"] == "certificate_issued" && $0["certificateId"] == classHash["certificateId"] }) {
                check.fail("\(classId): results \(outcomes.map { "\($0["outcome"] ?? "none") \($0["certificateId"] ?? "")" }), class names \(classHash["certificateId"] ?? "none")")
            }
            guard let certificates = byClass[classId], certificates.count == 1, let stored = certificates.first else {
                check.fail("\(classId): \(byClass[classId]?.count ?? 0) certificates stored")
                continue
            }
            let scores = snap.hashes[t.scores(classId)] ?? [:]
            let passed = scores.values.filter { (try? JSONValue.parse($0))?["passed"] == .bool(true) }.count
            let roster = snap.hashes[keys.students(classId)] ?? [:]
            if stored.studentCount != roster.count || stored.qualifiedCount != passed {
                check.fail("\(classId): certificate counts \(stored.studentCount)/\(stored.qualifiedCount), frozen state \(roster.count)/\(passed)")
            }
            do {
                guard let record = try ClassRecord(classId: classId, fields: classHash) else { throw StateError(message: "no class") }
                let entries = try roster.map { try RosterEntry(idNumber: $0.key, json: $0.value) }
                    .sorted { ($0.addedAt, $0.record.idNumber) < ($1.addedAt, $1.record.idNumber) }
                let institution = try InstitutionRecord(institutionId: record.institutionId, fields: snap.hashes[keys.institution(record.institutionId)] ?? [:])
                let opened = snap.audits[keys.audit(classId)]?.first?["at"].flatMap(Timestamp.parseRFC3339) ?? 0
                let document = try CertificateContents(record: record, institution: institution, openedAtMs: opened, roster: entries,
                                                       hours: snap.hashes[t.hours(classId)] ?? [:], scores: scores).document(certificateId: stored.certificateId)
                if document.rosterSha256 != stored.rosterSha256 { check.fail("\(classId): the printed lines differ from the final hours and scores") }
            } catch {
                check.fail("\(classId): \(error)")
            }
        }
        let strays = Set(byClass.keys).subtracting(ledger.certificates.keys)
        if !strays.isEmpty { check.fail("certificates of classes never requested: \(strays.sorted())") }
        check.figures = "\(ledger.certificates.count) classes, \(ledger.certificates.values.reduce(0) { $0 + $1.count }) requests, "
            + "\(byClass.values.reduce(0) { $0 + $1.count }) certificates stored"
        return check
    }
}
