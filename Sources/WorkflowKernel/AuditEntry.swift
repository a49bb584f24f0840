import JobQueue
import RedisClient

/// One line of an audit trail (`{p}:audit:institution:{id}`, `{p}:audit:class:{id}`, …): who did
/// what, when, from which job. Entries are only ever appended (XADD); nothing rewrites them.
public struct AuditEntry: Sendable, Equatable {
    /// What was done: `submitted`, `approved`, `rejected`, `created`, …
    public var action: String
    /// `institution:<id>` or `reviewer:<id>`.
    public var actor: String
    public var revision: Int
    public var atMs: Int64
    /// The job that did it (set by `WorkflowEffects`).
    public var jobId: String?
    public var traceId: String?
    /// Who enqueued the job (the envelope's `producer`).
    public var producer: String?
    /// Anything else worth keeping: `departmentId`, `reason`, `supersededRevision`, `data`.
    public var details: [String: String]
    /// The stream entry id, when read back.
    public var entryId: String?

    public init(action: String, actor: String, revision: Int, atMs: Int64, jobId: String? = nil, traceId: String? = nil,
                producer: String? = nil, details: [String: String] = [:], entryId: String? = nil) {
        self.action = action
        self.actor = actor
        self.revision = revision
        self.atMs = atMs
        self.jobId = jobId
        self.traceId = traceId
        self.producer = producer
        self.details = details
        self.entryId = entryId
    }

    private static let fixed: Set<String> = ["action", "actor", "revision", "at", "jobId", "traceId", "producer"]

    /// The stream entry's fields.
    public var fields: [(String, String)] {
        var f = [("action", action), ("actor", actor), ("revision", String(revision)), ("at", Timestamp.rfc3339(ms: atMs))]
        if let jobId { f.append(("jobId", jobId)) }
        if let traceId { f.append(("traceId", traceId)) }
        if let producer { f.append(("producer", producer)) }
        for key in details.keys.sorted() where !Self.fixed.contains(key) { f.append((key, details[key]!)) }
        return f
    }

    /// The XADD appending this entry to `stream`.
    public func appendCommand(to stream: String) -> RedisCommand {
        var command = RedisCommand("XADD", stream, "*")
        for (k, v) in fields {
            command.append(k)
            command.append(v)
        }
        return command
    }

    /// Reads one entry of an `XRANGE` reply (`[id, [field, value, …]]`).
    public init?(streamEntry reply: RedisReply) {
        guard let parts = reply.array, parts.count == 2, let id = parts[0].string else { return nil }
        let map = parts[1].fieldMap
        guard let action = map["action"], let actor = map["actor"] else { return nil }
        self.init(action: action, actor: actor, revision: Int(map["revision"] ?? "") ?? 0,
                  atMs: map["at"].flatMap(Timestamp.parseRFC3339) ?? 0, jobId: map["jobId"], traceId: map["traceId"],
                  producer: map["producer"], details: map.filter { !Self.fixed.contains($0.key) }, entryId: id)
    }
}
