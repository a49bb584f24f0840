import ClassQueries
import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import WorkflowKernel

/// What `vt-bench workers` sends each worker kind: a typical job of its queue, and the state
/// that job needs (certified institutions, classes), written before the run.
struct Workload: Sendable {
    /// The worker kind (`certification`), its executable and its queue.
    let kind: String
    let executable: String
    let queue: String
    /// Rows per job (imports), for a rows/s figure; 0 for other kinds.
    let rowsPerJob: Int
    /// Writes the state jobs `0..<count` of `tag` need.
    let seed: @Sendable (_ keys: ImportKeys, _ tag: String, _ count: Int, _ c: RedisConnection) throws -> Void
    /// Job `n` of `tag`.
    let job: @Sendable (_ tag: String, _ n: Int, _ keys: ImportKeys) -> JobEnvelope

    static let all: [Workload] = [certification, qualification, notification, importRoster]

    static func named(_ kind: String) -> Workload? { all.first { $0.kind == kind } }

    static func envelope(_ id: String, _ type: String, _ payload: JSONValue) -> JobEnvelope {
        JobEnvelope(id: id, type: type, createdAt: "2026-11-29T08:00:00Z", producer: "vt-bench", traceId: id, payload: payload)
    }

    /// A new institution's `certification.submitted` (validated, stored, audited, queued for review).
    static let certification = Workload(kind: "certification", executable: "certification-worker", queue: "certification", rowsPerJob: 0,
                                        seed: { _, _, _, _ in }) { tag, n, _ in
        envelope("\(tag)-\(n)", "certification.submitted", .object(DomainFixtures.submission("inst-\(tag)-\(n)", n: n)))
    }

    /// `qualification.applied` for two items by an institution certified beforehand.
    static let qualification = Workload(kind: "qualification", executable: "qualification-worker", queue: "qualification", rowsPerJob: 0,
                                        seed: { keys, tag, count, c in
        for n in 0..<count { try DomainFixtures.certify("inst-\(tag)-\(n)", keys: CertificationKeys(keys.queue), on: c) }
    }) { tag, n, _ in
        envelope("\(tag)-\(n)", "qualification.applied", [
            "applicationId": .string("app-\(tag)-\(n)"), "institutionId": .string("inst-\(tag)-\(n)"), "departmentId": "430100",
            "items": [["occupation": "electrician", "level": "junior"], ["occupation": "chinese-cook", "level": "senior"]],
        ])
    }

    /// An inbox-only `notification.requested` to one of 500 institutions.
    static let notification = Workload(kind: "notification", executable: "notification-worker", queue: "notification", rowsPerJob: 0,
                                       seed: { _, _, _, _ in }) { tag, n, _ in
        NotificationBenchmark.job(id: "\(tag)-\(n)", institution: n % 500)
    }

    static let importRows = 100

    /// `import.requested` of a 100-row CSV roster (stored once in Redis) into a class of its own.
    static let importRoster = Workload(kind: "import", executable: "import-worker", queue: "import", rowsPerJob: importRows,
                                       seed: { keys, tag, count, c in
        try DomainFixtures.certifyAndQualify("inst-bench", keys: QualificationKeys(keys.queue), on: c)
        _ = try c.send(RedisCommand("SET", uploadKey(keys), BenchRoster.csv(rows: importRows))).throwingServerError()
        var batch: [RedisCommand] = []
        for n in 0..<count {
            let record = ClassRecord(classId: "cls-\(tag)-\(n)", institutionId: "inst-bench", name: "电工初级班\(n)", occupation: "electrician",
                                     level: .junior, trainingMode: .onlineOffline, location: "长沙市芙蓉区", plannedSize: 200)
            let hset = RedisCommand.hset(keys.classRecord(record.classId), record.fields)
            batch.append(hset)
            if batch.count == 1_000 || n == count - 1 {
                for r in try c.pipeline(batch) { try r.throwingServerError() }
                batch.removeAll(keepingCapacity: true)
            }
        }
    }) { tag, n, keys in
        envelope("\(tag)-\(n)", "import.requested", ImportRequest(importId: "imp-\(tag)-\(n)", institutionId: "inst-bench", classId: "cls-\(tag)-\(n)",
                                                                    source: .redisKey(uploadKey(keys)), format: "csv").json)
    }

    static func uploadKey(_ keys: ImportKeys) -> String { "\(keys.prefix):upload:bench" }
}
