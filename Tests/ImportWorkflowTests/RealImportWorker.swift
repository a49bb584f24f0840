import Foundation
import ImportWorkflow
import JobQueue
import RedisClient
import TestSupport

/// A fresh Redis with `institution` certified and qualified for electrician, junior, and the real
/// `import-worker` (its clock on the harness's day), through which `run` sends one job at a time.
final class RealImportWorker {
    let env: QueueTestEnvironment
    let c: RedisConnection
    let keys: ImportKeys
    let worker: ChildProcess
    /// Job ids are `<idPrefix>-1`, `<idPrefix>-2`, …
    private let idPrefix: String
    private var counter = 0

    init(institution: String, idPrefix: String) throws {
        (env, c, keys) = try ImportReportTests.qualifiedInstitution(institution)
        self.idPrefix = idPrefix
        var environment = env.environment(env.configuration(concurrency: 2))
        environment["VT_CLOCK_OFFSET_MS"] = String(ClassWorkerTests.startMs - SystemClock().nowMs())
        worker = try ChildProcess(executable: builtExecutable("import-worker"), environment: environment, logDirectory: env.directory, name: "import")
    }

    /// Enqueues a job of `type` on the import queue and waits for its result.
    func run(_ type: String, _ payload: JSONValue) throws -> [String: String] {
        counter += 1
        let envelope = JobEnvelope(id: "\(idPrefix)-\(counter)", type: type, createdAt: "2026-11-29T04:00:00Z", payload: payload)
        try env.producer.enqueue(envelope, queue: "import", on: c)
        return try env.producer.waitForResult(of: envelope.id, timeoutMs: 20_000, on: c)
    }

    func stop() {
        worker.terminate()
        env.stop()
    }
}
