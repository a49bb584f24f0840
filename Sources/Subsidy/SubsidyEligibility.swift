import ClassQueries
import TrainingDomain
import TrainingQueries

/// The class a claim is for, closed, as the eligibility rules need it.
public struct ClaimedClass: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    public var name: String
    public var occupation: String
    public var level: SkillLevel
    /// 培训课时: the sum of the published courses' hours.
    public var requiredHours: Int
    /// 结班 day in China: ages are counted on it, and grants count in its year.
    public var closedOn: LocalDate

    public init(classId: String, institutionId: String, name: String, occupation: String, level: SkillLevel, requiredHours: Int, closedOn: LocalDate) {
        self.classId = classId
        self.institutionId = institutionId
        self.name = name
        self.occupation = occupation
        self.level = level
        self.requiredHours = requiredHours
        self.closedOn = closedOn
    }
}

/// The policy applied to one class's students, pure: each roster student gets a line, eligible
/// with the level's amount or not with every reason that holds (`not_passed`, `hours_short`,
/// `type_ineligible`, `age_out_of_range`, `already_subsidized`, `yearly_limit`,
/// `level_not_subsidized`).
public struct SubsidyEligibility: Sendable {
    public let policy: SubsidyPolicy
    public let claimed: ClaimedClass

    public init(policy: SubsidyPolicy, claimed: ClaimedClass) {
        self.policy = policy
        self.claimed = claimed
    }

    /// The lines, in the roster's order, from the class's frozen hours (seconds) and scores.
    public func lines(roster: [RosterEntry], hours: [String: Int], scores: [String: RecordedScores], grants: [String: PersonGrants]) -> [SubsidyLine] {
        roster.map { entry in
            let id = entry.record.idNumber
            var reasons = studentReasons(entry, seconds: hours[id] ?? 0, scores: scores[id])
            if let person = grants[id] { reasons += grantReasons(person) }
            return SubsidyLine(idNumber: id, name: entry.record.name, studentType: entry.record.studentType, reasons: reasons,
                               amount: policy.amountsByLevel[claimed.level] ?? 0)
        }
    }

    /// The reasons that do not depend on earlier grants.
    func studentReasons(_ entry: RosterEntry, seconds: Int, scores: RecordedScores?) -> [SubsidyReason] {
        var reasons: [SubsidyReason] = []
        if scores?.passed != true { reasons.append(.notPassed) }
        if policy.requireOnlineHours, seconds < claimed.requiredHours * ClassHours.secondsPerClassHour { reasons.append(.hoursShort) }
        if !policy.eligibleStudentTypes.contains(entry.record.studentType) { reasons.append(.typeIneligible) }
        if !ageInRange(entry) { reasons.append(.ageOutOfRange) }
        if policy.amountsByLevel[claimed.level] == nil { reasons.append(.levelNotSubsidized) }
        return reasons
    }

    /// The reasons earlier grants give: this occupation and level granted before, or the year's
    /// limit reached. Checked again by the decision's commit.
    public func grantReasons(_ person: PersonGrants) -> [SubsidyReason] {
        var reasons: [SubsidyReason] = []
        if person.grant(occupation: claimed.occupation, level: claimed.level) != nil { reasons.append(.alreadySubsidized) }
        if person.count(in: claimed.closedOn.year) >= policy.yearlyLimit { reasons.append(.yearlyLimit) }
        return reasons
    }

    /// Whole years on the closing day within the policy's minimum and the gender's maximum. An
    /// ID number whose birth date does not read (changed by hand) is out of range.
    func ageInRange(_ entry: RosterEntry) -> Bool {
        guard case .success(let id) = ResidentIDNumber.validateFormat(entry.record.idNumber) else { return false }
        let age = id.birthDate.completedYears(to: claimed.closedOn)
        if age < policy.minimumAge { return false }
        if let maximum = policy.maximumAge[entry.record.gender], age > maximum { return false }
        return true
    }
}
