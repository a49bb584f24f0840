import Foundation
import JobQueue
import Training
import TrainingDomain

extension ChaosProducer {
    /// Per class: 40 learning records of its students, a quarter of the jobs copies of an earlier
    /// record under a new job id, every tenth job sent twice under its own id (a producer's resend),
    /// and one record of a student the import refused (`not_enrolled`).
    mutating func learningRecords(_ ids: [(n: Int, id: String)]) -> [(queue: String, envelope: JobEnvelope)] {
        var jobs: [(queue: String, envelope: JobEnvelope)] = []
        for (n, id) in ids {
            guard let students = ledger.imports[id]?.validIDs.sorted(), !students.isEmpty else { continue }
            let classId = "class-\(n)"
            var sent: [ChaosLedger.LearningSent] = []
            for k in 0..<40 {
                let record: ChaosLedger.LearningSent
                if k % 4 == 3, let earlier = sent.randomElement() {
                    record = earlier
                } else {
                    record = ChaosLedger.LearningSent(classId: classId, recordId: "sess:\(n).\(k)", idNumber: students[k % students.count], seconds: 60 + (n * 37 + k * 113) % 3_000)
                    sent.append(record)
                    ledger.learning[classId, default: [:]][record.recordId] = record
                }
                let job = ChaosPayloads.envelope("lrn-\(n)-\(k)", LearningPayload.type, LearningRecordRequest(
                    recordId: record.recordId, classId: classId, idNumber: record.idNumber, courseId: "c-1", seconds: record.seconds,
                    occurredAt: "2026-11-29T08:00:00+08:00").json)
                ledger.learningJobs[job.id] = record
                jobs.append(("training", job))
                if k % 10 == 0 { jobs.append(("training", job)) }
            }
            let stranger = ChaosPayloads.idNumber(n: n, row: 9, male: true)
            let refused = ChaosPayloads.envelope("lrn-\(n)-x", LearningPayload.type, LearningRecordRequest(
                recordId: "sess:\(n).x", classId: classId, idNumber: stranger, courseId: "c-1", seconds: 60, occurredAt: "2026-11-29T08:00:00+08:00").json)
            ledger.mustRefuse[refused.id] = "not_enrolled"
            jobs.append(("training", refused))
        }
        return jobs
    }

    /// SIGKILLs one of the training workers (by turn) while it holds the burst just sent; it is
    /// started again, and its unfinished batch is claimed by the other.
    mutating func killTrainingWorker(after numbers: [Int]) throws {
        guard !numbers.isEmpty else { return }
        usleep(useconds_t(Int.random(in: 20...120) * 1_000))
        try cluster.killAndRestart("training-\(ledger.trainingKills % ChaosCluster.processesPerKind)")
        ledger.trainingKills += 1
    }

    /// Per class of an even institution, two `certificate.requested` jobs at once (the class is
    /// closed once, one certificate issued, both results name it).
    mutating func certificateRequests(_ ids: [(n: Int, id: String)]) -> [(queue: String, envelope: JobEnvelope)] {
        var jobs: [(queue: String, envelope: JobEnvelope)] = []
        for (n, id) in ids where n % 2 == 0 {
            let pair = ["cert-\(n)-a", "cert-\(n)-b"].map {
                ChaosPayloads.envelope($0, CertificatePayload.type, CertificateRequest(classId: "class-\(n)", institutionId: id).json)
            }
            ledger.certificates["class-\(n)"] = pair.map(\.id)
            jobs += pair.map { ("training", $0) }
        }
        return jobs
    }

    /// Per class, the scores of every student: theory and practical from the institution number, so
    /// some pass and some do not.
    mutating func scores(_ ids: [(n: Int, id: String)]) -> [(queue: String, envelope: JobEnvelope)] {
        var jobs: [(queue: String, envelope: JobEnvelope)] = []
        for (n, id) in ids {
            guard let students = ledger.imports[id]?.validIDs.sorted(), !students.isEmpty else { continue }
            var entries: [ScoreEntry] = []
            for (k, student) in students.enumerated() {
                let theory = Score(hundredths: 5_000 + (n * 731 + k * 977) % 5_001)!, practical = Score(hundredths: 5_500 + (n * 313 + k * 571) % 4_501)!
                entries.append(ScoreEntry(idNumber: student, theory: theory, practical: practical))
                ledger.scores["class-\(n)", default: [:]][student] = Score.passes(theory: theory, practical: practical)
            }
            jobs.append(("training", ChaosPayloads.envelope("scr-\(n)", ScoresPayload.type,
                                                            ScoresRequest(classId: "class-\(n)", institutionId: id, scores: entries).json)))
        }
        return jobs
    }
}
