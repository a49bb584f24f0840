import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TestSupport
import Testing
import WorkflowKernel

/// A real redis-server plus helpers to drive the certification queue the way the platform and
/// vtctl do (XADD an envelope, poll its result) and to read back every key the workflow writes.
final class CertificationHarness: @unchecked Sendable {
    // @unchecked: owned by one test.
    let env: QueueTestEnvironment
    let c: RedisConnection
    private var jobCounter = 0

    init() throws {
        env = try QueueTestEnvironment()
        c = try env.server.connect()
    }

    var keys: CertificationKeys { CertificationKeys(env.keys) }
    var producer: JobProducer { env.producer }

    func stop() { env.stop() }

    /// An in-process worker on the certification queue, started.
    func startWorker(concurrency: Int = 2, fetchCount: Int? = nil) throws -> Worker {
        var config = env.configuration(concurrency: concurrency)
        if let fetchCount { config.fetchCount = fetchCount }
        let worker = try Worker(configuration: config, spec: CertificationWorkflow.queueSpec(), logSink: .memory())
        try worker.start()
        return worker
    }

    /// The real `certification-worker` executable.
    func startProcess(name: String, concurrency: Int = 2) throws -> ChildProcess {
        try ChildProcess(executable: builtExecutable("certification-worker"), environment: env.environment(env.configuration(concurrency: concurrency)),
                         logDirectory: env.directory, name: name)
    }

    func addReviewer(_ id: String, department: String = "430100") throws {
        try ReviewerRegistry(keys: keys.reviewerKeys, connection: c).add(reviewerId: id, departmentId: department, name: "审核员\(id)", nowMs: 1_000)
    }

    func nextJobId(_ kind: String) -> String {
        jobCounter += 1
        return "\(kind)-\(jobCounter)"
    }

    /// Enqueues and waits for the result (empty after `timeoutMs`).
    @discardableResult
    func run(_ envelope: JobEnvelope, timeoutMs: Int = 20_000) throws -> [String: String] {
        try producer.enqueue(envelope, queue: "certification", on: c)
        return try producer.waitForResult(of: envelope.id, timeoutMs: timeoutMs, on: c)
    }

    func submitEnvelope(_ payload: [String: JSONValue], jobId: String? = nil) -> JobEnvelope {
        Fixtures.envelope(jobId ?? nextJobId("submit"), type: CertificationSubmissionPayload.type, payload: payload)
    }

    func decideEnvelope(_ id: String, revision: Int, reviewer: String = "rev-1", department: String = "430100",
                        decision: String = "approve", reason: String? = nil, jobId: String? = nil) -> JobEnvelope {
        Fixtures.envelope(jobId ?? nextJobId("decide"), type: CertificationDecisionPayload.type,
                          payload: Fixtures.decision(id, revision: revision, reviewer: reviewer, department: department,
                                                     decision: decision, reason: reason))
    }

    @discardableResult
    func submit(_ id: String, n: Int, department: String = "430100", region: String = "430102", jobId: String? = nil) throws -> [String: String] {
        try run(submitEnvelope(DomainFixtures.submission(id, n: n, department: department, region: region), jobId: jobId))
    }

    @discardableResult
    func decide(_ id: String, revision: Int, reviewer: String = "rev-1", department: String = "430100",
                decision: String = "approve", reason: String? = nil) throws -> [String: String] {
        try run(decideEnvelope(id, revision: revision, reviewer: reviewer, department: department, decision: decision, reason: reason))
    }

    func institution(_ id: String) throws -> [String: String] { try c.send("HGETALL", keys.institution(id)).fieldMap }

    func reviewSet(_ department: String) throws -> [String] {
        (try c.send("ZRANGE", keys.reviewSet(department), 0, -1).array ?? []).compactMap(\.string)
    }

    func audit(_ id: String) throws -> [AuditEntry] {
        (try c.send("XRANGE", keys.audit(id), "-", "+").array ?? []).compactMap(AuditEntry.init(streamEntry:))
    }

    /// Every notification job enqueued so far, decoded as the notification worker will.
    func notifications() throws -> [JobEnvelope] {
        try (c.send("XRANGE", keys.notificationQueue, "-", "+").array ?? []).compactMap { entry in
            guard let fields = entry.array?.last?.fieldMap, let job = fields["job"] else { return nil }
            return try JobEnvelope.decode(Array(job.utf8))
        }
    }

    /// Every event's JSON so far.
    func events() throws -> [JSONValue] {
        try (c.send("XRANGE", keys.events, "-", "+").array ?? []).compactMap { entry in
            guard let text = entry.array?.last?.fieldMap["event"] else { return nil }
            return try JSONValue.parse(text)
        }
    }
}
