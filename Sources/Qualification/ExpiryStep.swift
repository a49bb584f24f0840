import QualificationQueries
import TrainingDomain

/// One scheduled step of an approved item's expiry: a reminder `days` before the end of the
/// `validUntil` day (China time), or the expiry itself at that end. Encoded as the member of
/// `{p}:qualification:due`: `institutionId|occupation|level|validUntil|step` with `step` =
/// `reminder-30` … or `expire`. Members carry `validUntil`, so a renewal can remove exactly the
/// old item's steps and the sweep can tell a stale step from a current one.
public struct ExpiryStep: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case reminder(days: Int)
        case expire
    }

    public let institutionId: String
    public let key: ItemKey
    public let validUntil: LocalDate
    public let kind: Kind

    public init(institutionId: String, key: ItemKey, validUntil: LocalDate, kind: Kind) {
        self.institutionId = institutionId
        self.key = key
        self.validUntil = validUntil
        self.kind = kind
    }

    public static let dayMs: Int64 = 86_400_000
    /// The default reminder offsets (days before the end of the validUntil day).
    public static let defaultReminderDays = [30, 7, 1]

    /// The end of the `validUntil` day in China, in ms: when the item expires.
    public static func expiryMs(_ validUntil: LocalDate) -> Int64 {
        Int64((validUntil.endOfDayInChina.timeIntervalSince1970 * 1000).rounded())
    }

    /// When this step is due (ms).
    public var dueMs: Int64 {
        switch kind {
        case .expire: return Self.expiryMs(validUntil)
        case .reminder(let days): return Self.expiryMs(validUntil) - Int64(days) * Self.dayMs
        }
    }

    public var stepName: String {
        switch kind {
        case .expire: return "expire"
        case .reminder(let days): return "reminder-\(days)"
        }
    }

    public var member: String { [institutionId, key.occupation, key.level.rawValue, validUntil.description, stepName].joined(separator: "|") }
    public var description: String { member }

    public init?(member: String) {
        let parts = member.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, let level = SkillLevel(rawValue: parts[2]), let date = LocalDate(parts[3]) else { return nil }
        let kind: Kind
        if parts[4] == "expire" {
            kind = .expire
        } else if parts[4].hasPrefix("reminder-"), let days = Int(parts[4].dropFirst("reminder-".count)), days > 0 {
            kind = .reminder(days: days)
        } else {
            return nil
        }
        self.init(institutionId: parts[0], key: ItemKey(occupation: parts[1], level: level), validUntil: date, kind: kind)
    }

    /// Every step of an item valid until `validUntil` (reminders first, then the expiry). With
    /// `afterMs`, reminders already past then are left out (the expiry is always kept).
    public static func steps(institutionId: String, key: ItemKey, validUntil: LocalDate, reminderDays: [Int], afterMs: Int64? = nil) -> [ExpiryStep] {
        var steps = Set(reminderDays.filter { $0 > 0 }).sorted(by: >).map {
            ExpiryStep(institutionId: institutionId, key: key, validUntil: validUntil, kind: .reminder(days: $0))
        }
        if let afterMs { steps.removeAll { $0.dueMs <= afterMs } }
        steps.append(ExpiryStep(institutionId: institutionId, key: key, validUntil: validUntil, kind: .expire))
        return steps
    }
}
