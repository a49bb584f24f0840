import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import TrainingDomain
import WorkflowKernel

/// A real redis-server plus helpers to drive the qualification queue: a certified institution
/// (written as the certification workflow leaves it), a reviewer, applications and decisions,
/// and readers for every key the workflow writes.
final class QualificationHarness: @unchecked Sendable {
    // @unchecked: owned by one test.
    let env: QueueTestEnvironment
    let c: RedisConnection
    private var jobCounter = 0

    /// 2026-11-29 12:00 China time.
    static let startMs: Int64 = 1_795_924_800_000

    init() throws {
        env = try QueueTestEnvironment()
        c = try env.server.connect()
    }

    var keys: QualificationKeys { QualificationKeys(env.keys) }
    var producer: JobProducer { env.producer }
    func stop() { env.stop() }

    func startWorker(clock: (any JobQueue.Clock)? = nil, concurrency: Int = 2, fetchCount: Int? = nil,
                     settings: QualificationSettings = QualificationSettings(), sweepMs: Int64? = nil) throws -> Worker {
        var config = env.configuration(concurrency: concurrency)
        if let fetchCount { config.fetchCount = fetchCount }
        var s = settings
        if let sweepMs { s.sweepIntervalMs = sweepMs }
        let periodic = sweepMs == nil ? [] : [QualificationWorkflow.expiryTask(keys: keys, settings: s)]
        let worker = try Worker(configuration: config, spec: QualificationWorkflow.queueSpec(settings: s), periodic: periodic,
                                clock: clock, logSink: .memory())
        try worker.start()
        return worker
    }

    /// The real `qualification-worker`, its clock shifted by `offsetMs`.
    func startProcess(name: String, offsetMs: Int64 = 0, sweepMs: Int = 100, extra: [String: String] = [:]) throws -> ChildProcess {
        var environment = env.environment(env.configuration(concurrency: 2))
        environment["VT_CLOCK_OFFSET_MS"] = String(offsetMs)
        environment["VT_EXPIRY_SWEEP_MS"] = String(sweepMs)
        for (k, v) in extra { environment[k] = v }
        return try ChildProcess(executable: builtExecutable("qualification-worker"), environment: environment,
                                logDirectory: env.directory, name: name)
    }

    /// Writes the institution as certified by `department`.
    func certify(_ id: String, department: String = "430100") throws {
        try DomainFixtures.certify(id, department: department, keys: CertificationKeys(keys.queue), on: c)
    }

    func addReviewer(_ id: String, department: String = "430100") throws {
        try ReviewerRegistry(keys: keys.reviewerKeys, connection: c).add(reviewerId: id, departmentId: department, name: "审核员", nowMs: 1_000)
    }

    func nextJobId(_ kind: String) -> String {
        jobCounter += 1
        return "\(kind)-\(jobCounter)"
    }

    static func envelope(_ id: String, type: String, payload: JSONValue) -> JobEnvelope {
        JobEnvelope(id: id, type: type, createdAt: "2026-11-29T08:00:00Z", producer: "test", traceId: "trace-\(id)", payload: payload)
    }

    @discardableResult
    func run(_ envelope: JobEnvelope, timeoutMs: Int = 20_000) throws -> [String: String] {
        try producer.enqueue(envelope, queue: "qualification", on: c)
        return try producer.waitForResult(of: envelope.id, timeoutMs: timeoutMs, on: c)
    }

    func applyEnvelope(_ app: String, institution: String, department: String = "430100", items: [ApplicationItem]) -> JobEnvelope {
        Self.envelope(nextJobId("apply"), type: ApplicationPayload.type,
                      payload: ApplicationRequest(applicationId: app, institutionId: institution, departmentId: department, items: items).json)
    }

    func decideEnvelope(_ app: String, revision: Int, verdict: QualificationDecisionRequest.Verdict = .approve,
                        reviewer: String = "rev-1", department: String = "430100") -> JobEnvelope {
        Self.envelope(nextJobId("decide"), type: QualificationDecisionPayload.type,
                      payload: QualificationDecisionRequest(applicationId: app, revision: revision, reviewerId: reviewer,
                                                            departmentId: department, verdict: verdict).json)
    }

    @discardableResult
    func apply(_ app: String, institution: String, department: String = "430100", items: [ApplicationItem]) throws -> [String: String] {
        try run(applyEnvelope(app, institution: institution, department: department, items: items))
    }

    @discardableResult
    func decide(_ app: String, revision: Int, verdict: QualificationDecisionRequest.Verdict = .approve,
                reviewer: String = "rev-1", department: String = "430100") throws -> [String: String] {
        try run(decideEnvelope(app, revision: revision, verdict: verdict, reviewer: reviewer, department: department))
    }

    func record(_ id: String) throws -> QualificationRecord { try QualificationInspector.record(institutionId: id, keys: keys, connection: c) }

    func due() throws -> [String] { (try c.send("ZRANGE", keys.due, 0, -1).array ?? []).compactMap(\.string) }

    func reviewSet(_ department: String) throws -> [String] {
        (try c.send("ZRANGE", keys.reviewSet(department), 0, -1).array ?? []).compactMap(\.string)
    }

    func notifications() throws -> [JobEnvelope] {
        try (c.send("XRANGE", keys.notificationQueue, "-", "+").array ?? []).compactMap { entry in
            guard let job = entry.array?.last?.fieldMap["job"] else { return nil }
            return try JobEnvelope.decode(Array(job.utf8))
        }
    }

    func events(type: String? = nil) throws -> [JSONValue] {
        try (c.send("XRANGE", keys.events, "-", "+").array ?? []).compactMap { entry in
            guard let text = entry.array?.last?.fieldMap["event"] else { return nil }
            let event = try JSONValue.parse(text)
            return type == nil || event["type"]?.stringValue == type ? event : nil
        }
    }
}

/// Dates and items used across the tests.
enum Q {
    static let today = LocalDate(year: 2026, month: 11, day: 29)
    static func date(_ offsetDays: Int) -> LocalDate { today.adding(days: offsetDays) }
    static let electrician = ApplicationItem(occupation: "electrician", level: .junior)
    static let caregiver = ApplicationItem(occupation: "elderly-caregiver", level: .intermediate)
    static func syb(_ until: LocalDate) -> ApplicationItem { ApplicationItem(occupation: "syb-entrepreneurship", level: .none, validUntil: until) }
    static func cuisine(_ until: LocalDate) -> ApplicationItem { ApplicationItem(occupation: "hunan-cuisine", level: .none, validUntil: until) }
}
