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
import TestSupport
import TrainingDomain
import WorkflowKernel

/// A real redis-server with the six real worker executables, each with a metrics port: feeds
/// hostile entries through their streams and accounts for every one of them.
final class HostileRig: @unchecked Sendable {
    // @unchecked: owned by one test.
    static let workers = ["certification": "certification-worker", "qualification": "qualification-worker",
                          "import": "import-worker", "notification": "notification-worker", "training": "training-worker",
                          "subsidy": "subsidy-worker"]
    /// The import worker's `VT_IMPORT_DIR`: the hostile import files, which are also sent by path.
    static let importDirectory = HostileCorpus.directory.appendingPathComponent("import-files")
    /// `path` sources that leave the import directory, each refused as `forbidden`.
    static let escapingPaths = ["/etc/passwd", "/proc/self/environ", "/var/run/secrets/kubernetes.io/serviceaccount/token",
                                importDirectory.path + "/../../HostileCorpus.swift", importDirectory.path + "/./gbk.csv",
                                importDirectory.path + "//gbk.csv", importDirectory.path]

    let env: QueueTestEnvironment
    let c: RedisConnection
    var processes: [String: ChildProcess] = [:]
    var metricsPorts: [String: Int] = [:]
    /// Where each entry went: entry id → the entry.
    var sent: [(entryId: String, entry: HostileEntry)] = []

    init() throws {
        env = try QueueTestEnvironment()
        c = try env.server.connect()
        for (queue, executable) in Self.workers.sorted(by: { $0.key < $1.key }) {
            var environment = env.environment(env.configuration(concurrency: 2))
            let port = try RedisServer.freePort()
            environment["VT_METRICS_PORT"] = String(port)
            environment["VT_LOG_LEVEL"] = "warning"
            if queue == "import" { environment["VT_IMPORT_DIR"] = Self.importDirectory.path }
            metricsPorts[queue] = port
            processes[queue] = try ChildProcess(executable: builtExecutable(executable), environment: environment,
                                                logDirectory: env.directory, name: queue)
        }
    }

    var importKeys: ImportKeys { ImportKeys(env.keys) }

    func stop() {
        for p in processes.values { p.terminate() }
        env.stop()
    }

    /// A certified, qualified institution `inst-fz` with an open class `cls-fz` (made by the real
    /// import worker), so import requests get as far as reading their file.
    func prepareImportTarget() throws {
        let q = QualificationKeys(importKeys.queue)
        try DomainFixtures.certifyAndQualify("inst-fz", keys: q, on: c)
        let create = JobEnvelope(id: "fz-class", type: "class.created", createdAt: "2026-11-29T04:00:00Z", payload: [
            "classId": "cls-fz", "institutionId": "inst-fz", "name": "电工班", "occupation": "electrician", "level": "junior",
            "plannedSize": 30, "location": "长沙市芙蓉区"])
        try env.producer.enqueue(create, queue: "import", on: c)
        let result = try env.producer.waitForResult(of: create.id, timeoutMs: 20_000, on: c)
        guard result["outcome"] == "class_created" else { throw RedisError(.unexpectedReply, "class fixture not created: \(result)") }
    }

    /// Each hostile import file twice: uploaded to a Redis key, and by its path in the import
    /// directory (named `… via redisKey`, `… via path`); then the ``escapingPaths``
    /// (`import-path-escape …`).
    func importEntries(ids: IdSource) throws -> [HostileEntry] {
        func entry(_ name: String, source: JSONValue) -> HostileEntry {
            let id = ids.next()
            let envelope = JobEnvelope(id: id, type: "import.requested", createdAt: "2026-11-29T04:00:00Z", payload: [
                "importId": .string("imp-\(id)"), "institutionId": "inst-fz", "classId": "cls-fz", "source": source,
                "mode": "accept_valid"])
            return HostileEntry(name: name, queue: "import", job: Array(envelope.jsonString.utf8), jobId: id)
        }
        var out: [HostileEntry] = []
        for file in HostileCorpus.files("import-files") {
            let key = "\(env.prefix):upload:\(file.lastPathComponent)"
            _ = try c.send("SET", key, Array(try Data(contentsOf: file))).throwingServerError()
            for source: JSONValue in [["redisKey": .string(key)], ["path": .string(file.path)]] {
                out.append(entry("import-files/\(file.lastPathComponent) via \(source.objectValue!.keys.first!)", source: source))
            }
        }
        return out + Self.escapingPaths.map { entry("import-path-escape \($0)", source: ["path": .string($0)]) }
    }

    /// XADDs every entry as it is (pipelined), remembering its stream entry id.
    func send(_ entries: [HostileEntry]) throws {
        for chunk in stride(from: 0, to: entries.count, by: 200).map({ entries[$0..<min($0 + 200, entries.count)] }) {
            let commands = chunk.map { e in
                var command = RedisCommand("XADD", env.keys.queue(e.queue), "*")
                for (field, value) in e.fields { command.append(field); command.append(bytes: value) }
                return command
            }
            let replies = try c.pipeline(commands)
            for (e, reply) in zip(chunk, replies) {
                guard let id = try reply.throwingServerError().string else { throw RedisError(.unexpectedReply, "XADD gave no id for \(e.name)") }
                sent.append((id, e))
            }
        }
    }

    /// How one entry ended: its result hash (when its id was readable) or its dead letter.
    struct Ending {
        var result: [String: String] = [:]
        var deadLetter: [String: String]?
    }

    /// Reads every sent entry's ending; entries with none are missing from the map.
    func endings() throws -> [String: Ending] {
        var out: [String: Ending] = [:]
        let withIds = sent.filter { $0.entry.jobId != nil }
        for chunk in stride(from: 0, to: withIds.count, by: 500).map({ withIds[$0..<min($0 + 500, withIds.count)] }) {
            let replies = try c.pipeline(chunk.map { RedisCommand("HGETALL", env.keys.result($0.entry.jobId!)) })
            for (s, reply) in zip(chunk, replies) where !reply.fieldMap.isEmpty { out[s.entryId, default: Ending()].result = reply.fieldMap }
        }
        for queue in HostileCorpus.allQueues {
            var from = "-"
            while true {
                let page = try c.send("XRANGE", env.keys.dead(queue), from, "+", "COUNT", "200").array ?? []
                for item in page {
                    guard let fields = item.array?.last?.array else { continue }
                    var map: [String: String] = [:]
                    var i = 0
                    while i + 1 < fields.count {
                        // The `job` field holds the original bytes (up to 1.1 MB); only the rest is kept.
                        if let k = fields[i].string, k != "job" { map[k] = fields[i + 1].string }
                        i += 2
                    }
                    if let entryId = map["entryId"] { out[entryId, default: Ending()].deadLetter = map }
                }
                guard page.count == 200, let last = page.last?.array?.first?.string else { break }
                from = "(" + last
            }
        }
        return out
    }

    /// Resident memory of a worker process from /proc, in MiB.
    func rssMiB(_ queue: String) -> Int? {
        guard let pid = processes[queue]?.pid,
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}
