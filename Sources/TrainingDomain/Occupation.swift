/// An occupation (职业/工种) or single-skill item of the catalog, with the levels it offers.
public struct Occupation: Sendable, Hashable, Codable {
    /// Stable code used in messages, e.g. `electrician`.
    public let code: String
    /// Chinese name, e.g. 电工.
    public let name: String
    /// Category, e.g. 机电装备制造类.
    public let category: String
    /// Levels the occupation offers, in catalog order.
    public let levels: [SkillLevel]
    /// Short-term items (创业培训, 专项职业能力) need an explicit `validUntil` when approved.
    public let shortTerm: Bool

    /// Creates an occupation.
    public init(code: String, name: String, category: String, levels: [SkillLevel], shortTerm: Bool) {
        self.code = code
        self.name = name
        self.category = category
        self.levels = levels
        self.shortTerm = shortTerm
    }

    /// True when the occupation offers `level`.
    public func offers(_ level: SkillLevel) -> Bool { levels.contains(level) }
}
