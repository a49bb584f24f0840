import JobQueue
import RedisClient
import TrainingDomain
import WorkflowKernel

/// Registers department reviewers: the operations behind `vtctl reviewer`. A reviewer belongs to
/// one department; decisions by anyone else are refused as `forbidden`. Changes here race safely
/// with decisions: a decision's guards pin the reviewer's fields, so it re-runs on the new state.
public struct ReviewerRegistry {
    public let keys: ReviewerKeys
    public let connection: RedisConnection
    public let regions: RegionCatalog

    public init(keys: ReviewerKeys, connection: RedisConnection, regions: RegionCatalog = .embedded) {
        self.keys = keys
        self.connection = connection
        self.regions = regions
    }

    /// Adds a reviewer, or updates the name and re-activates one already in the same department.
    /// KEYS[1] reviewer hash, KEYS[2] reviewers set. ARGV: id, department, addedAt, name ('' = keep).
    /// Returns '' when stored, else the other department the reviewer already belongs to.
    static let addScript = RedisScript(name: "reviewer-add", source: """
        local current = redis.call('HGET', KEYS[1], 'department')
        if current and current ~= ARGV[2] then return current end
        redis.call('HSET', KEYS[1], 'department', ARGV[2], 'active', '1')
        redis.call('HSETNX', KEYS[1], 'addedAt', ARGV[3])
        if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'name', ARGV[4]) end
        redis.call('SADD', KEYS[2], ARGV[1])
        return ''
        """)

    /// Adds `reviewerId` to `departmentId`.
    @discardableResult
    public func add(reviewerId: String, departmentId: String, name: String?, nowMs: Int64) throws -> ReviewerRecord {
        guard PayloadReader.isIdentifier(reviewerId) else {
            throw RegistryError("invalid_reviewer_id", "reviewer id must be 1-64 characters of A-Z a-z 0-9 _ -")
        }
        guard let department = DepartmentID(departmentId, catalog: regions) else {
            throw RegistryError("department.unknown", "\(departmentId) is not a Hunan department code (430000, a prefecture or a county)")
        }
        let name = name.map(Normalizer.normalize) ?? ""
        guard name.count <= 50 else { throw RegistryError("field.too_long", "name is longer than 50 characters") }
        let reply = try connection.eval(Self.addScript, keys: [keys.reviewer(reviewerId), keys.reviewers],
                                        arguments: [reviewerId, department.code, Timestamp.rfc3339(ms: nowMs), name])
        if let other = reply.string, !other.isEmpty {
            throw RegistryError("other_department", "reviewer \(reviewerId) already belongs to department \(other); remove them first")
        }
        guard let record = try reviewer(reviewerId) else { throw RegistryError("not_found", "reviewer \(reviewerId) vanished") }
        return record
    }

    /// Removes a reviewer; returns false when there was none. Their later decisions are `forbidden`.
    @discardableResult
    public func remove(reviewerId: String) throws -> Bool {
        let replies = try connection.pipeline([RedisCommand("MULTI"), RedisCommand("DEL", keys.reviewer(reviewerId)),
                                               RedisCommand("SREM", keys.reviewers, reviewerId), RedisCommand("EXEC")])
        for reply in replies { try reply.throwingServerError() }
        return replies.last?.array?.first?.int == 1
    }

    /// One reviewer, nil if not registered.
    public func reviewer(_ reviewerId: String) throws -> ReviewerRecord? {
        ReviewerRecord(reviewerId: reviewerId, fields: try connection.send("HGETALL", keys.reviewer(reviewerId)).fieldMap)
    }

    /// Every reviewer (of one department when given), sorted by department then id.
    public func list(departmentId: String? = nil) throws -> [ReviewerRecord] {
        let ids = (try connection.send("SMEMBERS", keys.reviewers).array ?? []).compactMap(\.string).sorted()
        let replies = try connection.pipeline(ids.map { RedisCommand("HGETALL", keys.reviewer($0)) })
        return zip(ids, replies)
            .compactMap { ReviewerRecord(reviewerId: $0, fields: $1.fieldMap) }
            .filter { departmentId == nil || $0.departmentId == departmentId }
            .sorted { ($0.departmentId, $0.reviewerId) < ($1.departmentId, $1.reviewerId) }
    }
}

/// A registry or inspector operation refused, with a stable code.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}
