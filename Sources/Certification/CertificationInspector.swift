import CertificationQueries
import DepartmentReview
import JobQueue
import RedisClient
import WorkflowKernel

/// Reads the workflow's state for people: a department's pending reviews and an institution's
/// state and history. What `vtctl review list` and `vtctl institution show` print.
public struct CertificationInspector {
    public let keys: CertificationKeys
    public let connection: RedisConnection

    public init(keys: CertificationKeys, connection: RedisConnection) {
        self.keys = keys
        self.connection = connection
    }

    /// One pending review of a department.
    public struct PendingReview: Sendable, Equatable {
        public let institutionId: String
        public let name: String
        /// The revision a decision must name.
        public let revision: Int
        public let regionCode: String
        public let submittedAtMs: Int64
        /// How long it has waited at `nowMs`.
        public let waitedMs: Int64
        /// True when the institution is already certified (a change request).
        public let isChange: Bool

        public var json: JSONValue {
            ["institutionId": .string(institutionId), "name": .string(name), "revision": .number(Double(revision)),
             "regionCode": .string(regionCode), "submittedAt": .string(Timestamp.rfc3339(ms: submittedAtMs)),
             "waitedSeconds": .number(Double(waitedMs / 1_000)), "change": .bool(isChange)]
        }
    }

    /// An institution's state and audit trail.
    public struct InstitutionView: Sendable, Equatable {
        public let record: InstitutionRecord
        /// Oldest first.
        public let history: [AuditEntry]
    }

    /// The department's pending reviews, oldest first.
    public func pendingReviews(departmentId: String, nowMs: Int64) throws -> [PendingReview] {
        let members = try connection.send("ZRANGE", keys.reviewSet(departmentId), 0, -1, "WITHSCORES").array ?? []
        var entries: [(String, Int64)] = []
        var i = 0
        while i + 1 < members.count {
            if let id = members[i].string, let score = members[i + 1].string.flatMap({ Double($0) }) { entries.append((id, Int64(score))) }
            i += 2
        }
        let replies = try connection.pipeline(entries.map { RedisCommand("HGETALL", keys.institution($0.0)) })
        var reviews: [PendingReview] = []
        for ((id, score), reply) in zip(entries, replies) {
            let record = try InstitutionRecord(institutionId: id, fields: reply.fieldMap)
            guard let pending = record.pending else { continue }
            reviews.append(PendingReview(institutionId: id, name: pending.name, revision: record.revision, regionCode: pending.regionCode,
                                         submittedAtMs: score, waitedMs: max(0, nowMs - score), isChange: record.current != nil))
        }
        return reviews
    }

    /// The institution's state and history, nil when it has neither.
    public func institution(_ institutionId: String) throws -> InstitutionView? {
        let replies = try connection.pipeline([RedisCommand("HGETALL", keys.institution(institutionId)),
                                               RedisCommand("XRANGE", keys.audit(institutionId), "-", "+")])
        for reply in replies { try reply.throwingServerError() }
        let record = try InstitutionRecord(institutionId: institutionId, fields: replies[0].fieldMap)
        let history = (replies[1].array ?? []).compactMap(AuditEntry.init(streamEntry:))
        if record.version == 0 && history.isEmpty { return nil }
        return InstitutionView(record: record, history: history)
    }
}
