import ClassQueries
import Foundation
import JobQueue
import RedisClient

/// Everything the invariants look at, read from Redis once the system has drained: results,
/// events, audit trails, inboxes, delivery records, dead letters and the workflows' state.
struct ChaosSnapshot {
    /// Job id → result hash.
    var results: [String: [String: String]] = [:]
    /// Every event, parsed.
    var events: [JSONValue] = []
    /// Audit stream key → its entries.
    var audits: [String: [[String: String]]] = [:]
    /// Institution → its inbox entries (oldest first).
    var inboxes: [String: [[String: String]]] = [:]
    /// Notification id → its delivery record.
    var deliveries: [String: [String: String]] = [:]
    /// Queue → its dead letters.
    var dead: [String: [[String: String]]] = [:]
    /// Any other hash or set asked for by key.
    var hashes: [String: [String: String]] = [:]
    var sets: [String: Set<String>] = [:]
    /// The enrolment index of electrician, junior (every chaos class's), all buckets.
    var enrollment: EnrollmentBuckets?
    /// Now on the qualification workers' clock when the system was seen drained.
    var drainedAtQualificationMs: Int64 = 0

    static func read(_ c: ResilientConnection, prefix p: String, queues: [String], drainedAtQualificationMs: Int64) throws -> ChaosSnapshot {
        var s = ChaosSnapshot()
        s.drainedAtQualificationMs = drainedAtQualificationMs
        for (key, fields) in try c.hashes(matching: "\(p):result:*") { s.results[String(key.dropFirst("\(p):result:".count))] = fields }
        s.events = try c.stream("\(p):events").compactMap { try $0["event"].map { try JSONValue.parse($0) } }
        for key in try c.keys(matching: "\(p):audit:*") { s.audits[key] = try c.stream(key) }
        for key in try c.keys(matching: "\(p):inbox:*") where !key.hasSuffix(":read") {
            s.inboxes[String(key.dropFirst("\(p):inbox:".count))] = try c.stream(key)
        }
        for key in try c.keys(matching: "\(p):notification:*") where key != "\(p):notification:deferred" {
            s.deliveries[String(key.dropFirst("\(p):notification:".count))] = try c.send("HGETALL", key).fieldMap
        }
        for q in queues { s.dead[q] = try c.stream("\(p):dead:\(q)") }
        return s
    }

    /// Reads the hashes and sets at `hashKeys` / `setKeys` into the snapshot.
    mutating func load(hashKeys: [String], setKeys: [String], _ c: ResilientConnection) throws {
        for (k, r) in zip(hashKeys, try c.pipeline(hashKeys.map { RedisCommand("HGETALL", $0) })) { hashes[k] = r.fieldMap }
        for (k, r) in zip(setKeys, try c.pipeline(setKeys.map { RedisCommand("SMEMBERS", $0) })) {
            sets[k] = Set((r.array ?? []).compactMap(\.string))
        }
    }

    /// Job id → number of audit entries naming it.
    var auditCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for entries in audits.values { for e in entries { if let j = e["jobId"] { counts[j, default: 0] += 1 } } }
        return counts
    }

    /// `jobId action` → number of audit entries naming both.
    var auditActionCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for entries in audits.values { for e in entries { if let j = e["jobId"] { counts["\(j) \(e["action"] ?? "")", default: 0] += 1 } } }
        return counts
    }
}
