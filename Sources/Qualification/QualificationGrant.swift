import JobQueue
import QualificationQueries
import TrainingDomain

/// What a decision's approval grants, item by item, on the day it is made:
/// - an item whose asked-for `validUntil` has already passed is not granted (`lapsed`): it would
///   only expire at the next sweep;
/// - an item approved and still active that is listed again without a date keeps its approved
///   `validUntil` (the platform's rule asks institutions to re-list approved items, not to renew
///   them); a new date, when approved, replaces it (`changes`). Pure.
public struct QualificationGrant: Sendable, Equatable {
    /// The validity of a re-listed item before and after the decision (nil: open-ended).
    public struct ValidityChange: Sendable, Equatable {
        public let key: ItemKey
        public let from: LocalDate?
        public let to: LocalDate?

        /// `{"occupation", "level", "from", "to"}` (dates absent when open-ended).
        public var json: JSONValue {
            var o: [String: JSONValue] = ["occupation": .string(key.occupation), "level": .string(key.level.rawValue)]
            if let from { o["from"] = .string(from.description) }
            if let to { o["to"] = .string(to.description) }
            return .object(o)
        }
    }

    /// Items granted, with the validity each is granted until.
    public let granted: [ApprovedItem]
    /// Items the reviewer approved whose asked-for last day is before the decision's day.
    public let lapsed: [ApplicationItem]
    /// Re-listed active items whose validity the decision changes.
    public let changes: [ValidityChange]

    /// - Parameters:
    ///   - approve: the keys the reviewer approved, in the application's order.
    ///   - pending: the application decided.
    ///   - current: the institution's approved items before the decision.
    public init(approve: [ItemKey], pending: PendingApplication, current: [ItemKey: ApprovedItem], today: LocalDate, nowMs: Int64) {
        let asked = Dictionary(pending.items.map { ($0.key, $0) }) { first, _ in first }
        var granted: [ApprovedItem] = []
        var lapsed: [ApplicationItem] = []
        var changes: [ValidityChange] = []
        for key in approve {
            guard let item = asked[key] else { continue }
            if let until = item.validUntil, until < today {
                lapsed.append(item)
                continue
            }
            let held = current[key].flatMap { $0.isActive(on: today) ? $0 : nil }
            let validUntil = item.validUntil ?? held?.validUntil
            if let held, held.validUntil != validUntil { changes.append(ValidityChange(key: key, from: held.validUntil, to: validUntil)) }
            granted.append(ApprovedItem(key: key, validUntil: validUntil, applicationId: pending.applicationId, approvedAtMs: nowMs))
        }
        self.granted = granted
        self.lapsed = lapsed
        self.changes = changes
    }

    /// The result fields a decision adds: `lapsedItems` and `validityChanged` (JSON arrays), when not empty.
    public var resultFields: [(String, String)] {
        var fields: [(String, String)] = []
        if !lapsed.isEmpty { fields.append(("lapsedItems", JSONValue.array(lapsed.map(\.json)).jsonString)) }
        if !changes.isEmpty { fields.append(("validityChanged", JSONValue.array(changes.map(\.json)).jsonString)) }
        return fields
    }
}
