import Certification
import CertificationQueries
import ClassQueries
import DepartmentReview
import DomainFixtures
import Foundation
import JobQueue
import RedisClient
import Subsidy
import TestSupport
import Testing
import TrainingDomain
import TrainingQueries
import WorkflowKernel

/// A real redis-server and what the subsidy workflow starts from, written as the other workflows
/// leave it: a certified institution, a class closed by its e-certificate with its roster, hours
/// and scores, a reviewer. Helpers to claim, decide and read back.
final class SubsidyHarness: @unchecked Sendable {
    // @unchecked: owned by one test.
    let env: QueueTestEnvironment
    let c: RedisConnection
    private var jobCounter = 0

    init() throws {
        env = try QueueTestEnvironment()
        c = try env.server.connect()
    }

    var keys: SubsidyKeys { SubsidyKeys(env.keys) }
    func stop() { env.stop() }

    /// A valid ID number: region 430102, born `born` (YYYYMMDD), sequence `n`; the sequence's
    /// last digit makes the gender (odd: male).
    static func id(_ n: Int, born: String = "19900101") -> String {
        let first17 = "430102" + born + String(String(n + 1000).suffix(3))
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }

    /// One student of a fixture class: type, online seconds, scores (nil: none recorded).
    struct Student {
        var id: String
        var type = "农村转移劳动力"
        var seconds = 20 * 3_600
        var theory: Double? = 80
        var practical: Double? = 75
    }

    func startWorker(policy: SubsidyPolicy = .shippedDefault, concurrency: Int = 2) throws -> Worker {
        let worker = try Worker(configuration: env.configuration(concurrency: concurrency), spec: SubsidyWorkflow.queueSpec(SubsidySetup(policy: policy)),
                                logSink: .memory())
        try worker.start()
        return worker
    }

    /// The real `subsidy-worker`.
    func startProcess(name: String, extra: [String: String] = [:]) throws -> ChildProcess {
        var environment = env.environment(env.configuration(concurrency: 2))
        for (k, v) in extra { environment[k] = v }
        return try ChildProcess(executable: builtExecutable("subsidy-worker"), environment: environment, logDirectory: env.directory, name: name)
    }

    func certify(_ institution: String, department: String = "430100") throws {
        try DomainFixtures.certify(institution, department: department, keys: CertificationKeys(env.keys), on: c)
    }

    func addReviewer(_ id: String, department: String = "430100") throws {
        try ReviewerRegistry(keys: ReviewerKeys(env.keys), connection: c).add(reviewerId: id, departmentId: department, name: "审核员", nowMs: 1_000)
    }

    /// A class of electrician/`level` (16 required hours), closed on `closedAt` with certificate
    /// `certificate` (nil: still locked), its students on the roster with their hours and scores.
    func closedClass(_ classId: String, institution: String = "inst-1", level: SkillLevel = .junior, certificate: String? = "CERT-1",
                     closedAt: String = "2026-11-30T10:00:00+08:00", students: [Student]) throws {
        let record = ClassRecord(classId: classId, institutionId: institution, name: "电工班\(classId)", occupation: "electrician", level: level,
                                 trainingMode: .online, location: nil, plannedSize: 50, state: certificate == nil ? .locked : .closed, version: 3,
                                 courses: [Course(courseId: "c-1", name: "电工基础", hours: 16)])
        var fields = record.fields + [("rosterVersion", "1")]
        if let certificate { fields += [("closedAt", closedAt), ("certificateId", certificate)] }
        var commands = [RedisCommand.hset(ClassQuery.classKey(classId, prefix: env.prefix), fields)]
        let encoder = RosterEntry.Encoder(addedAt: "2026-11-01T08:00:00+08:00", source: "imp-fixture")
        let gender = { (id: String) -> Gender in (Int(String(id.dropFirst(16).prefix(1))) ?? 1) % 2 == 1 ? .male : .female }
        commands.append(.hset(ClassQuery.studentsKey(classId, prefix: env.prefix), students.map { s in
            (s.id, String(decoding: encoder.encode(StudentRecord(idNumber: s.id, name: "学员\(s.id.suffix(4))", gender: gender(s.id),
                                                                  phone: "13800000000", studentType: s.type)), as: UTF8.self))
        }))
        let hours = students.filter { $0.seconds > 0 }.map { ($0.id, String($0.seconds)) }
        if !hours.isEmpty { commands.append(.hset(TrainingQuery.hoursKey(classId, prefix: env.prefix), hours)) }
        let scores: [(String, String)] = students.compactMap { s in
            guard let t = s.theory, let p = s.practical else { return nil }
            return (s.id, JSONValue.object(["theory": .number(t), "practical": .number(p), "passed": .bool(t >= 60 && p >= 60),
                                            "recordedAt": "2026-11-29T10:00:00Z"]).jsonString)
        }
        if !scores.isEmpty { commands.append(.hset(TrainingQuery.scoresKey(classId, prefix: env.prefix), scores)) }
        for reply in try c.pipeline(commands) { try reply.throwingServerError() }
    }

    func claimEnvelope(_ claim: String, classId: String, institution: String = "inst-1", certificate: String = "CERT-1",
                       department: String = "430100") -> JobEnvelope {
        envelope(SubsidyClaimPayload.type, SubsidyClaimRequest(claimId: claim, institutionId: institution, classId: classId,
                                                               certificateId: certificate, departmentId: department).json)
    }

    func decideEnvelope(_ claim: String, revision: Int = 1, verdict: SubsidyVerdict = .approve, reviewer: String = "rev-1",
                        department: String = "430100") -> JobEnvelope {
        envelope(SubsidyDecisionPayload.type, SubsidyDecisionRequest(claimId: claim, revision: revision, reviewerId: reviewer,
                                                                     departmentId: department, verdict: verdict).json)
    }

    func envelope(_ type: String, _ payload: JSONValue) -> JobEnvelope {
        jobCounter += 1
        return JobEnvelope(id: "sub-\(jobCounter)", type: type, createdAt: "2026-12-01T08:00:00Z", producer: "test", traceId: nil, payload: payload)
    }

    @discardableResult
    func run(_ envelope: JobEnvelope, timeoutMs: Int = 20_000) throws -> [String: String] {
        try env.producer.enqueue(envelope, queue: SubsidyKeys.queueName, on: c)
        return try env.producer.waitForResult(of: envelope.id, timeoutMs: timeoutMs, on: c)
    }

    func claim(_ claimId: String) throws -> SubsidyClaim? {
        try SubsidyClaim(fields: c.send("HGETALL", keys.claim(claimId)).fieldMap)
    }

    func grants(_ idNumber: String) throws -> PersonGrants {
        PersonGrants(idNumber: idNumber, key: keys.granted(idNumber), fields: try c.send("HGETALL", keys.granted(idNumber)).fieldMap)
    }
}
