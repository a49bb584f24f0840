import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain

/// Reads of qualification state for the workflow itself, vtctl and tests: whether an item is
/// active (approved, and the date not after its `validUntil`, before the sweep marks it expired),
/// the decoded record, and the expiry steps due soon. Other workflows ask `QualificationQuery`.
public enum QualificationInspector {
    /// Pure: over a decoded state.
    public static func isActive(_ record: QualificationRecord, occupation: String, level: SkillLevel, on date: LocalDate) -> Bool {
        record.items[ItemKey(occupation: occupation, level: level)]?.isActive(on: date) ?? false
    }

    /// Reads the one item field it needs.
    public static func isActive(institutionId: String, occupation: String, level: SkillLevel, on date: LocalDate,
                                keys: QualificationKeys, connection: RedisConnection) throws -> Bool {
        let field = ItemKey(occupation: occupation, level: level).field
        guard let text = try connection.send("HGET", keys.state(institutionId), field).throwingServerError().string else { return false }
        guard let item = ApprovedItem(json: try JSONValue.parse(text)) else { return false }
        return item.isActive(on: date)
    }

    /// The decoded state of one institution.
    public static func record(institutionId: String, keys: QualificationKeys, connection: RedisConnection) throws -> QualificationRecord {
        try QualificationRecord(institutionId: institutionId, fields: connection.send("HGETALL", keys.state(institutionId)).throwingServerError().fieldMap)
    }

    /// Steps due within `withinMs` of `nowMs` (for `vtctl qualification expiring`), soonest first.
    public static func upcoming(withinMs: Int64, nowMs: Int64, keys: QualificationKeys, connection: RedisConnection, limit: Int = 1_000) throws -> [(step: ExpiryStep, dueMs: Int64)] {
        let reply = try connection.send("ZRANGEBYSCORE", keys.due, "-inf", String(nowMs + withinMs), "WITHSCORES", "LIMIT", 0, limit).throwingServerError()
        let flat = reply.array ?? []
        var out: [(ExpiryStep, Int64)] = []
        var i = 0
        while i + 1 < flat.count {
            if let member = flat[i].string, let step = ExpiryStep(member: member), let score = flat[i + 1].string.flatMap({ Double($0) }) {
                out.append((step, Int64(score)))
            }
            i += 2
        }
        return out.map { (step: $0.0, dueMs: $0.1) }
    }
}
