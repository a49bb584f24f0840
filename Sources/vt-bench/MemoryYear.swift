import Certification
import DepartmentReview
import DomainFixtures
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import Training
import TrainingDomain
import WorkflowKernel

/// `vt-bench memory`'s traffic: a slice (`scale`) of a year of the province, sent as the
/// platform would, step after step, each waiting for all its results: institutions submitted and
/// certified by a reviewer, qualified for electrician (junior), their classes created, rosters
/// imported from CSV, course tasks published, 40 learning records per trainee, the scores. The
/// workers make their notifications (inbox) and audit entries, events and results on their own.
struct MemoryYear {
    /// A year's traffic at scale 1 (docs/failover.md: the assumption to replace with the platform's own).
    static let institutionsPerYear = 3_000
    static let classesPerYear = 25_000
    static let traineesPerClass = 30
    static let recordsPerTrainee = 40

    let scale: Double
    let keys: ImportKeys
    let c: RedisConnection
    private(set) var steps: [(name: String, jobs: Int, seconds: Double)] = []
    private var serial = 0

    init(scale: Double, keys: ImportKeys, on c: RedisConnection) {
        self.scale = scale
        self.keys = keys
        self.c = c
    }

    var institutions: Int { max(1, Int((Double(Self.institutionsPerYear) * scale).rounded())) }
    var classes: Int { max(1, Int((Double(Self.classesPerYear) * scale).rounded())) }
    var jobCount: Int { steps.map(\.jobs).reduce(0, +) }

    static let department = "430100"

    mutating func run(log: (String) -> Void) throws {
        _ = try ReviewerRegistry(keys: ReviewerKeys(keys.queue), connection: c).add(reviewerId: "rev-m", departmentId: Self.department, name: "审核员", nowMs: 1_000)
        let insts = (0..<institutions).map { "inst-m\($0)" }
        let submitted = try step("certification submissions", insts.enumerated().map { n, id in
            ("certification", envelope(CertificationSubmissionPayload.type, .object(DomainFixtures.submission(id, n: n))))
        }, log)
        try step("certification decisions", zip(insts, submitted).map { id, r in
            ("certification", envelope(CertificationDecisionPayload.type, CertificationDecisionRequest(
                institutionId: id, revision: Int(r["revision"] ?? "") ?? 1, reviewerId: "rev-m", departmentId: Self.department, verdict: .approve).json))
        }, log)
        let applied = try step("qualification applications", insts.enumerated().map { n, id in
            ("qualification", envelope(ApplicationPayload.type, ApplicationRequest(applicationId: "qa-m\(n)", institutionId: id, departmentId: Self.department,
                                                                                   items: [ApplicationItem(occupation: "electrician", level: .junior)]).json))
        }, log)
        try step("qualification decisions", applied.enumerated().map { n, r in
            ("qualification", envelope(QualificationDecisionPayload.type, QualificationDecisionRequest(
                applicationId: "qa-m\(n)", revision: Int(r["revision"] ?? "") ?? 1, reviewerId: "rev-m", departmentId: Self.department, verdict: .approve).json))
        }, log)
        let owner = { (k: Int) in insts[k % insts.count] }
        try step("classes", (0..<classes).map { k in
            ("import", envelope(ClassPayload.createdType, ClassCreateRequest(classId: "cls-m\(k)", institutionId: owner(k), name: "电工初级班\(k)", occupation: "electrician",
                                                                            level: .junior, plannedSize: 50, location: "长沙市芙蓉区五一大道\(k)号").json))
        }, log)
        var rosters: [[String]] = []
        var uploads: [RedisCommand] = []
        for k in 0..<classes {
            let roster = Self.roster(classIndex: k)
            rosters.append(roster.ids)
            uploads.append(RedisCommand("SET", "\(keys.prefix):upload:m\(k)", roster.csv))
        }
        for r in try c.pipeline(uploads) { try r.throwingServerError() }
        try step("roster imports", (0..<classes).map { k in
            ("import", envelope(ImportPayload.type, ImportRequest(importId: "imp-m\(k)", institutionId: owner(k), classId: "cls-m\(k)",
                                                                  source: .redisKey("\(keys.prefix):upload:m\(k)"), format: "csv", mode: .acceptValid).json))
        }, log)
        _ = try c.pipeline((0..<classes).map { RedisCommand("DEL", "\(keys.prefix):upload:m\($0)") })
        try step("course tasks published", (0..<classes).map { k in
            ("import", envelope(ClassPayload.tasksPublishedType, TasksPublishedRequest(classId: "cls-m\(k)", institutionId: owner(k)).json))
        }, log)
        var records: [(String, JobEnvelope)] = []
        for (k, ids) in rosters.enumerated() {
            for (s, id) in ids.enumerated() {
                for r in 0..<Self.recordsPerTrainee {
                    records.append(("training", envelope(LearningPayload.type, LearningRecordRequest(
                        recordId: "sess:m\(k).\(s).\(r)", classId: "cls-m\(k)", idNumber: id, courseId: "c-1", seconds: 1_200 + (k * 31 + s * 17 + r * 7) % 1_800,
                        occurredAt: "2026-11-29T08:00:00+08:00").json)))
                }
            }
        }
        try step("learning records", records, log)
        try step("scores", rosters.enumerated().map { k, ids in
            ("training", envelope(ScoresPayload.type, ScoresRequest(classId: "cls-m\(k)", institutionId: owner(k), scores: ids.enumerated().map { s, id in
                ScoreEntry(idNumber: id, theory: Score(hundredths: 5_500 + (s * 977) % 4_500)!, practical: Score(hundredths: 6_000 + (s * 571) % 4_000)!)
            }).json))
        }, log)
    }

    private mutating func envelope(_ type: String, _ payload: JSONValue) -> JobEnvelope {
        serial += 1
        return JobEnvelope(id: "m-\(serial)", type: type, createdAt: "2026-11-29T08:00:00Z", producer: "vt-bench", traceId: "trace-m-\(serial)", payload: payload)
    }

    /// Enqueues the jobs (pipelines of 1,000), waits for every result; returns them in order.
    /// Every job must be applied (`done`): a refused one means the traffic is wrong.
    @discardableResult
    private mutating func step(_ name: String, _ jobs: [(String, JobEnvelope)], _ log: (String) -> Void) throws -> [[String: String]] {
        let started = Date()
        let producer = JobProducer(keys: keys.queue)
        for start in stride(from: 0, to: jobs.count, by: 1_000) {
            let part = jobs[start..<min(start + 1_000, jobs.count)]
            for r in try c.pipeline(part.map { producer.enqueueCommand($0.1, queue: $0.0) }) { try r.throwingServerError() }
        }
        var results = [[String: String]?](repeating: nil, count: jobs.count)
        let deadline = Date().addingTimeInterval(600)
        while results.contains(where: { $0 == nil }) {
            guard Date() < deadline else { throw RedisError(.timeout, "\(name): results missing after 600 s") }
            let missing = results.indices.filter { results[$0] == nil }.prefix(5_000)
            for (i, reply) in zip(missing, try c.pipeline(missing.map { RedisCommand("HGETALL", keys.queue.result(jobs[$0].1.id)) })) {
                let fields = reply.fieldMap
                if !fields.isEmpty { results[i] = fields }
            }
            if results.contains(where: { $0 == nil }) { usleep(100_000) }
        }
        let done = results.map { $0! }
        if let refused = done.first(where: { $0["status"] != "done" }) {
            throw RedisError(.server, "\(name): a job ended \(refused["status"] ?? "?") \(refused["outcome"] ?? "") \(refused["message"] ?? "")")
        }
        steps.append((name, jobs.count, Date().timeIntervalSince(started)))
        log("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%8d jobs  %6.1f s", jobs.count, Date().timeIntervalSince(started)))
        return done
    }

    /// Class `k`'s roster: `traineesPerClass` valid rows of trainees no other class has (one open
    /// class per trainee, occupation and level).
    static let names = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强"]

    static func roster(classIndex k: Int) -> (csv: String, ids: [String]) {
        var lines = ["序号,姓名,性别,身份证号,手机号,学员类型"]
        var ids: [String] = []
        for s in 0..<traineesPerClass {
            let n = k * traineesPerClass + s
            let birth = LocalDate(year: 1975, month: 1, day: 1).adding(days: n / 400).description.replacingOccurrences(of: "-", with: "")
            let first17 = "430102" + birth + String(100 + n % 400 * 2 + s % 2)
            let id = first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
            ids.append(id)
            lines.append("\(s + 1),\(names[s % names.count]),\(s % 2 == 1 ? "男" : "女"),\(id),139\(String(format: "%08d", 10_000_000 + n % 90_000_000)),农村转移劳动力")
        }
        return (lines.joined(separator: "\n") + "\n", ids)
    }
}
