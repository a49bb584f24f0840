import JobQueue
import TrainingDomain

/// An (occupation, level) pair: what an institution may train in.
public struct ItemKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let occupation: String
    public let level: SkillLevel

    public init(occupation: String, level: SkillLevel) {
        self.occupation = occupation
        self.level = level
    }

    /// The state hash field of this item: `item:{occupation}:{level}`.
    public var field: String { "item:\(occupation):\(level.rawValue)" }
    public var description: String { "\(occupation)/\(level.rawValue)" }

    public static func < (a: ItemKey, b: ItemKey) -> Bool { (a.occupation, a.level.rawValue) < (b.occupation, b.level.rawValue) }
}

/// One line of an application: an item and, for time-limited ones, its last valid day.
public struct ApplicationItem: Sendable, Equatable {
    public var key: ItemKey
    public var validUntil: LocalDate?

    public init(occupation: String, level: SkillLevel, validUntil: LocalDate? = nil) {
        key = ItemKey(occupation: occupation, level: level)
        self.validUntil = validUntil
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["occupation": .string(key.occupation), "level": .string(key.level.rawValue)]
        if let validUntil { o["validUntil"] = .string(validUntil.description) }
        return .object(o)
    }

    public init?(json: JSONValue) {
        guard let occupation = json["occupation"]?.stringValue, let level = json["level"]?.stringValue.flatMap(SkillLevel.init(rawValue:))
        else { return nil }
        self.init(occupation: occupation, level: level, validUntil: json["validUntil"]?.stringValue.flatMap(LocalDate.init))
    }
}

/// An approved item as stored in the state hash (`item:{occupation}:{level}` → JSON). The expiry
/// script sets `status` to `expired` in place (Lua cjson), so field order is not significant.
public struct ApprovedItem: Sendable, Equatable {
    public enum Status: String, Sendable { case active, expired }

    public var key: ItemKey
    public var validUntil: LocalDate?
    public var status: Status
    public var applicationId: String
    public var approvedAtMs: Int64

    public init(key: ItemKey, validUntil: LocalDate?, status: Status = .active, applicationId: String, approvedAtMs: Int64) {
        self.key = key
        self.validUntil = validUntil
        self.status = status
        self.applicationId = applicationId
        self.approvedAtMs = approvedAtMs
    }

    /// Approved and not expired on `date` (the item is valid through the whole `validUntil` day).
    public func isActive(on date: LocalDate) -> Bool {
        status == .active && (validUntil.map { date <= $0 } ?? true)
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["occupation": .string(key.occupation), "level": .string(key.level.rawValue),
                                      "status": .string(status.rawValue), "applicationId": .string(applicationId),
                                      "approvedAt": .number(Double(approvedAtMs))]
        if let validUntil { o["validUntil"] = .string(validUntil.description) }
        return .object(o)
    }

    public init?(json: JSONValue) {
        guard let item = ApplicationItem(json: json), let status = json["status"]?.stringValue.flatMap(Status.init(rawValue:))
        else { return nil }
        self.init(key: item.key, validUntil: item.validUntil, status: status,
                  applicationId: json["applicationId"]?.stringValue ?? "", approvedAtMs: Int64(json["approvedAt"]?.doubleValue ?? 0))
    }
}
