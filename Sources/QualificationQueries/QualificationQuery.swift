import Foundation
import JobQueue
import RedisClient
import TrainingDomain

/// The question other workflows ask of an institution's qualifications (classes, imports): may it
/// train in this occupation at this level on this date? Read in the caller's own round trip, with
/// the guard that pins the qualification state's version, so an item approved, renewed or expired
/// meanwhile makes the caller's job run again. The qualification workflow writes this state;
/// everyone else reads it only through here.
public struct QualificationQuery: Sendable {
    public let institutionId: String
    public let item: ItemKey
    /// `{p}:qualification:{institutionId}`.
    public let key: String

    public init(institutionId: String, occupation: String, level: SkillLevel, keys: QueueKeys) {
        self.institutionId = institutionId
        self.item = ItemKey(occupation: occupation, level: level)
        self.key = Self.stateKey(institutionId, prefix: keys.prefix)
    }

    /// `{p}:qualification:{institutionId}`: hash with an institution's qualification state.
    public static func stateKey(_ institutionId: String, prefix: String) -> String { "\(prefix):qualification:\(institutionId)" }

    /// The read to put in the caller's pipeline: the state's version and the item's field.
    public var command: RedisCommand { RedisCommand("HMGET", key, "version", item.field) }

    /// The answer to `command`'s reply. Throws for an error reply or an item that is not JSON.
    public func answer(_ reply: RedisReply) throws -> QualificationStanding {
        try reply.throwingServerError()
        let values = reply.array ?? []
        let version = values.first?.string ?? ""
        var approved: ApprovedItem?
        if values.count > 1, let text = values[1].string { approved = ApprovedItem(json: try JSONValue.parse(text)) }
        return QualificationStanding(item: approved, versionGuard: Guard(key: key, field: "version", expected: version))
    }
}

/// One qualification item as another workflow sees it.
public struct QualificationStanding: Sendable, Equatable {
    /// The approved item (active or expired), nil when never approved.
    public let item: ApprovedItem?
    /// Pins the qualification state's version.
    public let versionGuard: Guard

    /// Approved and not expired on `date`: the date check does not wait for the expiry sweep.
    public func isActive(on date: LocalDate) -> Bool { item?.isActive(on: date) ?? false }
}
