import JobQueue
import RedisClient
import TrainingDomain

/// What one person has been granted, `{p}:subsidy:granted:{idNumber}`: a field per occupation
/// and level granted, `{occupation}:{level}` → JSON `{"claimId", "classId", "institutionId",
/// "amount", "grantedAt", "year"}` (同一职业同一等级不重复享受: written once), and a count per
/// calendar year, `year:{YYYY}`. Written only by a decision's commit, which pins both fields it
/// relies on for every student it grants.
public struct PersonGrants: Sendable, Equatable {
    public let idNumber: String
    /// `{p}:subsidy:granted:{idNumber}`.
    public let key: String
    public let fields: [String: String]

    public init(idNumber: String, key: String, fields: [String: String]) {
        self.idNumber = idNumber
        self.key = key
        self.fields = fields
    }

    public static func field(occupation: String, level: SkillLevel) -> String { "\(occupation):\(level.rawValue)" }
    public static func yearField(_ year: Int) -> String { "year:\(year)" }

    /// The grant of this occupation and level, if any.
    public func grant(occupation: String, level: SkillLevel) -> Grant? {
        fields[Self.field(occupation: occupation, level: level)].flatMap { try? JSONValue.parse($0) }.flatMap(Grant.init(json:))
    }

    /// Subsidies granted in `year`.
    public func count(in year: Int) -> Int { fields[Self.yearField(year)].flatMap { Int($0) } ?? 0 }

    /// Pins the occupation-and-level field and the year's count as read.
    public func guards(occupation: String, level: SkillLevel, year: Int) -> [Guard] {
        let f = Self.field(occupation: occupation, level: level), y = Self.yearField(year)
        return [Guard(key: key, field: f, expected: fields[f] ?? ""), Guard(key: key, field: y, expected: fields[y] ?? "")]
    }

    /// Every grant, by occupation-and-level field, in the order granted.
    public var grants: [Grant] {
        fields.filter { !$0.key.hasPrefix("year:") }.compactMap { (try? JSONValue.parse($0.value)).flatMap(Grant.init(json:)) }
            .sorted { ($0.grantedAt, $0.claimId) < ($1.grantedAt, $1.claimId) }
    }

    /// One grant as stored.
    public struct Grant: Sendable, Equatable {
        public var occupation: String
        public var level: SkillLevel
        public var claimId: String
        public var classId: String
        public var institutionId: String
        public var amount: Int
        /// RFC 3339.
        public var grantedAt: String
        /// The calendar year it counts in (the class's closing day's).
        public var year: Int

        public init(occupation: String, level: SkillLevel, claimId: String, classId: String, institutionId: String, amount: Int, grantedAt: String, year: Int) {
            self.occupation = occupation
            self.level = level
            self.claimId = claimId
            self.classId = classId
            self.institutionId = institutionId
            self.amount = amount
            self.grantedAt = grantedAt
            self.year = year
        }

        public var json: JSONValue {
            ["occupation": .string(occupation), "level": .string(level.rawValue), "claimId": .string(claimId), "classId": .string(classId),
             "institutionId": .string(institutionId), "amount": .number(Double(amount)), "grantedAt": .string(grantedAt), "year": .number(Double(year))]
        }

        public init?(json: JSONValue) {
            guard let occupation = json["occupation"]?.stringValue, let level = json["level"]?.stringValue.flatMap(SkillLevel.init(rawValue:)),
                  let claimId = json["claimId"]?.stringValue, let classId = json["classId"]?.stringValue,
                  let institutionId = json["institutionId"]?.stringValue, let amount = json["amount"]?.intValue,
                  let grantedAt = json["grantedAt"]?.stringValue, let year = json["year"]?.intValue else { return nil }
            self.init(occupation: occupation, level: level, claimId: claimId, classId: classId, institutionId: institutionId,
                      amount: amount, grantedAt: grantedAt, year: year)
        }
    }

    /// The writes of granting `grant`: its field, and the year's count incremented.
    public static func grantCommands(_ grant: Grant, key: String) -> [RedisCommand] {
        [RedisCommand("HSET", key, field(occupation: grant.occupation, level: grant.level), grant.json.jsonString),
         RedisCommand("HINCRBY", key, yearField(grant.year), 1)]
    }
}

extension PersonGrants {
    /// Each person's grants, in one round trip.
    static func read(_ idNumbers: [String], keys: SubsidyKeys, context: JobContext) throws -> [String: PersonGrants] {
        guard !idNumbers.isEmpty else { return [:] }
        let replies = try context.read(idNumbers.map { RedisCommand("HGETALL", keys.granted($0)) })
        var grants: [String: PersonGrants] = [:]
        for (id, reply) in zip(idNumbers, replies) {
            try reply.throwingServerError()
            grants[id] = PersonGrants(idNumber: id, key: keys.granted(id), fields: reply.fieldMap)
        }
        return grants
    }
}
