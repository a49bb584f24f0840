import Certification
import CertificationQueries
import DepartmentReview
import Foundation
import ImportWorkflow
import JobQueue
import Notification
import Qualification
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// Drives the whole platform flow for a batch of institutions at once, the way the platform's
/// back end and the reviewers' front end would: contact preferences, submissions (some invalid),
/// reviewers' decisions (competing approve/reject pairs, decisions from the wrong department),
/// qualification applications with an item that expires soon, classes, CSV imports with bad rows
/// and publishing. Each step waits for every result of the batch before the next one.
struct ChaosProducer {
    struct StepTimeout: Error, CustomStringConvertible {
        let step: String
        let missing: [String]
        var description: String { "step \(step): no result after the timeout for \(missing.count) jobs, e.g. \(missing.prefix(5))" }
    }

    let cluster: ChaosCluster
    let c: ResilientConnection
    let timeoutSeconds: Double
    var ledger = ChaosLedger()

    init(cluster: ChaosCluster, connection: ResilientConnection, timeoutSeconds: Double) {
        self.cluster = cluster
        c = connection
        self.timeoutSeconds = timeoutSeconds
    }

    var keys: QueueKeys { cluster.env.keys }
    var qualificationKeys: QualificationKeys { QualificationKeys(keys) }

    /// Registers the reviewers: two of Changsha's department (who compete), one of Zhuzhou's.
    func registerReviewers() throws {
        let registry = ReviewerRegistry(keys: ReviewerKeys(keys), connection: try cluster.connect())
        _ = try registry.add(reviewerId: "rev-a", departmentId: ChaosPayloads.department, name: "审核员甲", nowMs: 1_000)
        _ = try registry.add(reviewerId: "rev-b", departmentId: ChaosPayloads.department, name: "审核员乙", nowMs: 1_000)
        _ = try registry.add(reviewerId: "rev-zz", departmentId: "430200", name: "株洲审核员", nowMs: 1_000)
    }

    /// Malformed jobs on every queue (not JSON, no type, an unknown type, another queue's type):
    /// the only jobs that may end as dead letters.
    mutating func sendMalformed() throws {
        var commands: [RedisCommand] = []
        for queue in cluster.kinds {
            let other = queue == "certification" ? "notification.requested" : "certification.submitted"
            let jobs: [(String?, String)] = [
                (nil, "{\"id\":\"bad-json-\(queue)\",\"type\":"),
                ("bad-notype-\(queue)", "{\"id\":\"bad-notype-\(queue)\",\"version\":1,\"createdAt\":\"2026-11-29T08:00:00Z\",\"payload\":{}}"),
                ("bad-unknown-\(queue)", ChaosPayloads.envelope("bad-unknown-\(queue)", "\(queue).bogus", [:]).jsonString),
                ("bad-wrongqueue-\(queue)", ChaosPayloads.envelope("bad-wrongqueue-\(queue)", other, [:]).jsonString),
            ]
            for (id, text) in jobs {
                ledger.malformed[queue, default: []].append(id)
                commands.append(cluster.env.producer.enqueueRawCommand(Array(text.utf8), queue: queue))
            }
        }
        try c.pipeline(commands)
    }

    private mutating func enqueue(_ jobs: [(queue: String, envelope: JobEnvelope)], extra: [RedisCommand] = []) throws {
        for j in jobs { ledger.jobs[j.envelope.id] = j.envelope.type }
        try c.pipeline(extra + jobs.map { cluster.env.producer.enqueueCommand($0.envelope, queue: $0.queue) })
    }

    /// Records the results that exist among `ids`; returns the ids still without one.
    private mutating func collect(_ ids: [String]) throws -> [String] {
        guard !ids.isEmpty else { return [] }
        let replies = try c.pipeline(ids.map { RedisCommand("HGETALL", keys.result($0)) })
        var missing: [String] = []
        for (id, r) in zip(ids, replies) {
            let map = r.fieldMap
            if map.isEmpty { missing.append(id) } else { ledger.results[id] = map }
        }
        return missing
    }

    /// A batch of institutions on its way through the steps.
    private struct Batch {
        let numbers: [Int]
        var step = 0
        var waiting: [String] = []
        var deadline = Date.distantFuture
    }

    static let stepNames = ["submissions", "certification decisions", "applications", "qualification decisions", "classes", "imports", "publishing",
                            "learning records", "scores", "certificates", "subsidy claims", "subsidy decisions"]

    /// Runs `batches` through every step, starting one every `interval` seconds, so several are in
    /// different steps at once; a batch takes its next step when every result of the last one is in.
    mutating func run(_ batches: [[Int]], interval: Double) throws {
        let started = Date()
        var pending = batches[...]
        var active: [Batch] = []
        while !pending.isEmpty || !active.isEmpty {
            if let next = pending.first, Date().timeIntervalSince(started) >= interval * Double(batches.count - pending.count) {
                pending = pending.dropFirst()
                active.append(Batch(numbers: next, step: -1))
            }
            for i in active.indices {
                active[i].waiting = try collect(active[i].waiting)
                if !active[i].waiting.isEmpty {
                    if Date() > active[i].deadline {
                        throw StepTimeout(step: Self.stepNames[active[i].step], missing: active[i].waiting)
                    }
                    continue
                }
                active[i].step += 1
                if active[i].step < Self.stepNames.count {
                    active[i].waiting = try send(step: active[i].step, active[i].numbers)
                    active[i].deadline = Date().addingTimeInterval(timeoutSeconds)
                }
            }
            active.removeAll { $0.step >= Self.stepNames.count }
            usleep(50_000)
        }
    }

    /// Enqueues step `step` of the flow for institutions `numbers`; returns the job ids to wait for.
    private mutating func send(step: Int, _ numbers: [Int]) throws -> [String] {
        let ids = numbers.map { (n: $0, id: "inst-\($0)") }
        var jobs: [(queue: String, envelope: JobEnvelope)] = []
        var extra: [RedisCommand] = []
        switch step {
        case 0:
            // 1. Contact preferences and submissions; every fifth institution first sends one with a bad licence number.
            ledger.institutions += ids.map(\.id)
            for (n, id) in ids {
                extra.append(RedisCommand("HSET", NotificationKeys(keys).contact(id), "phone", ChaosPayloads.phone(n), "channels", "inbox,sms,webhook"))
                if n % 5 == 0 {
                    jobs.append(("certification", ChaosPayloads.envelope("subbad-\(n)", CertificationSubmissionPayload.type, ChaosPayloads.submission(id, n: n, badLicense: true))))
                    ledger.mustRefuse["subbad-\(n)"] = "validation_failed"
                }
                jobs.append(("certification", ChaosPayloads.envelope("sub-\(n)", CertificationSubmissionPayload.type, ChaosPayloads.submission(id, n: n))))
            }
        case 1:
            // 2. Decisions: even institutions get an approve and a reject from two reviewers at once (random order);
            //    every seventh also one from a reviewer of another department first.
            for (n, id) in ids {
                guard ledger.outcome("sub-\(n)") == "pending_review", let revision = Int(ledger.results["sub-\(n)"]?["revision"] ?? "") else { continue }
                func decision(_ job: String, _ reviewer: String, _ verdict: CertificationDecisionRequest.Verdict, department: String = ChaosPayloads.department) -> JobEnvelope {
                    ChaosPayloads.envelope(job, CertificationDecisionPayload.type, CertificationDecisionRequest(institutionId: id, revision: revision, reviewerId: reviewer,
                                                                                      departmentId: department, verdict: verdict).json)
                }
                if n % 7 == 3 {
                    jobs.append(("certification", decision("decx-\(n)", "rev-zz", .approve, department: "430200")))
                    ledger.mustRefuse["decx-\(n)"] = "forbidden"
                }
                var pair = [decision("deca-\(n)", "rev-a", .approve)]
                if n % 2 == 0 { pair.append(decision("decb-\(n)", "rev-b", .reject(reason: "办学许可证扫描件不清晰"))) }
                pair.shuffle()
                jobs += pair.map { ("certification", $0) }
                ledger.certificationDecisions[id] = pair.map(\.id)
            }
        case 2:
            // 3. Applications of the certified: an open-ended item and a short-term one valid until tomorrow (workers' clock).
            let tomorrow = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(cluster.qualificationNowMs) / 1000)).adding(days: 1)
            for (n, id) in ids where ledger.outcome(ledger.winner(ledger.certificationDecisions[id]) ?? "") == "approved" {
                ledger.validUntil[id] = tomorrow
                let items = [ApplicationItem(occupation: "electrician", level: .junior),
                             ApplicationItem(occupation: "syb-entrepreneurship", level: .none, validUntil: tomorrow)]
                jobs.append(("qualification", ChaosPayloads.envelope("app-\(n)", ApplicationPayload.type, ApplicationRequest(
                    applicationId: "qa-\(n)", institutionId: id, departmentId: ChaosPayloads.department, items: items).json)))
            }
        case 3:
            // 4. Qualification decisions: every third institution gets competing approve and reject.
            for (n, id) in ids where ledger.outcome("app-\(n)") == "pending_review" {
                let revision = Int(ledger.results["app-\(n)"]?["revision"] ?? "") ?? 0
                func decision(_ job: String, _ reviewer: String, _ verdict: QualificationDecisionRequest.Verdict) -> JobEnvelope {
                    ChaosPayloads.envelope(job, QualificationDecisionPayload.type, QualificationDecisionRequest(
                        applicationId: "qa-\(n)", revision: revision, reviewerId: reviewer, departmentId: ChaosPayloads.department, verdict: verdict).json)
                }
                var pair = [decision("qdeca-\(n)", "rev-a", .approve)]
                if n % 3 == 0 { pair.append(decision("qdecb-\(n)", "rev-b", .reject(reason: "实训场地不足"))) }
                pair.shuffle()
                jobs += pair.map { ("qualification", $0) }
                ledger.qualificationDecisions[id] = pair.map(\.id)
            }
        case 4:
            // 5. Classes of the qualified (electrician, junior: open-ended, so the later clock move does not matter).
            for (n, id) in ids where ledger.outcome(ledger.winner(ledger.qualificationDecisions[id]) ?? "") == "approved" {
                jobs.append(("import", ChaosPayloads.envelope("cls-\(n)", ClassPayload.createdType, ClassCreateRequest(
                    classId: "class-\(n)", institutionId: id, name: "电工初级班\(n)", occupation: "electrician", level: .junior,
                    plannedSize: 30, location: "长沙市芙蓉区五一大道\(n)号").json)))
                // A second class of the same occupation and level, for the pool shared with the pair's other institution.
                jobs.append(("import", ChaosPayloads.envelope("clsx-\(n)", ClassPayload.createdType, ClassCreateRequest(
                    classId: "classx-\(n)", institutionId: id, name: "电工初级二班\(n)", occupation: "electrician", level: .junior,
                    plannedSize: 30, location: "长沙市芙蓉区五一大道\(n)号").json)))
            }
        case 5:
            // 6. Roster imports (bytes in a Redis key, two bad rows each, accept_valid).
            for (n, id) in ids where ledger.outcome("cls-\(n)") == "class_created" {
                let roster = ChaosPayloads.roster(n: n)
                let key = "\(keys.prefix):upload:imp-\(n)"
                extra.append(RedisCommand("SET", key, roster.csv))
                ledger.imports[id] = ChaosLedger.ExpectedImport(importId: "imp-\(n)", classId: "class-\(n)", validIDs: roster.validIDs,
                                                                invalidRows: roster.invalidRows)
                jobs.append(("import", ChaosPayloads.envelope("imp-\(n)", ImportPayload.type, ImportRequest(
                    importId: "imp-\(n)", institutionId: id, classId: "class-\(n)", source: .redisKey(key), format: "csv", mode: .acceptValid).json)))
            }
            // The institutions share three pools, imported at once: every student must end in exactly one class.
            for (n, id) in ids where ledger.outcome("clsx-\(n)") == "class_created" {
                let pool = ChaosPayloads.sharedRoster(pair: n % 3)
                let key = "\(keys.prefix):upload:impx-\(n)"
                extra.append(RedisCommand("SET", key, pool.csv))
                ledger.sharedPools[n % 3] = pool.ids
                ledger.sharedImports[id] = (n % 3, "classx-\(n)")
                jobs.append(("import", ChaosPayloads.envelope("impx-\(n)", ImportPayload.type, ImportRequest(
                    importId: "impx-\(n)", institutionId: id, classId: "classx-\(n)", source: .redisKey(key), format: "csv", mode: .acceptValid).json)))
            }
            jobs.shuffle()
        case 6:
            // 7. Publishing the course tasks locks each roster.
            jobs = ids.filter { ledger.imports[$0.id] != nil }.map { n, id in
                ("import", ChaosPayloads.envelope("pub-\(n)", ClassPayload.tasksPublishedType, TasksPublishedRequest(classId: "class-\(n)", institutionId: id).json))
            }
        case 7:
            // 8. Learning records of the locked classes' students, copies and redeliveries among them;
            //    then a training worker is SIGKILLed with the burst in hand (ChaosProducer+Training.swift).
            jobs = learningRecords(ids.filter { ledger.outcome("pub-\($0.n)") == "tasks_published" })
            try enqueue(jobs, extra: extra)
            try killTrainingWorker(after: ids.map(\.n))
            return jobs.map(\.envelope.id)
        case 8:
            // 9. Scores of every student of the locked classes.
            jobs = scores(ids.filter { ledger.outcome("pub-\($0.n)") == "tasks_published" })
        case 9:
            // 10. E-certificates of every other class, two requests at once; a training worker is
            //     SIGKILLed with them in hand (ChaosProducer+Training.swift).
            jobs = certificateRequests(ids.filter { ledger.outcome("pub-\($0.n)") == "tasks_published" })
            try enqueue(jobs, extra: extra)
            try killTrainingWorker(after: jobs.isEmpty ? [] : ids.map(\.n))
            return jobs.map(\.envelope.id)
        case 10:
            // 11. Subsidy claims of every certificate, two at once (ChaosProducer+Subsidy.swift).
            jobs = subsidyClaims(ids)
        case 11:
            // 12. Two reviewers decide each claim at once.
            jobs = subsidyDecisions(ids)
        default:
            return []
        }
        try enqueue(jobs, extra: extra)
        return jobs.map(\.envelope.id)
    }
}
