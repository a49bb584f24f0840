import Foundation
import JobQueue
import TrainingDomain

/// The subsidy policy (补贴政策) as data: what a level pays, who may be subsidised, how often.
/// Read from the JSON file `VT_SUBSIDY_POLICY` at start (or the shipped default, which is
/// illustrative: `deploy/subsidy-policy.json`, docs/workflows/subsidy.md); a file that does not
/// read stops the worker with a message naming the field.
///
///     {"amountsByLevel": {"junior": 800, …}, "eligibleStudentTypes": ["农村转移劳动力", …],
///      "minimumAge": 16, "maximumAge": {"male": 60, "female": 55},
///      "yearlyLimit": 3, "requireOnlineHours": true}
public struct SubsidyPolicy: Sendable, Equatable {
    /// Yuan per subsidised student, by level; a level left out pays nothing (its lines are
    /// ineligible with `level_not_subsidized`).
    public var amountsByLevel: [SkillLevel: Int]
    /// 学员类型 labels that may be subsidised (catalog labels).
    public var eligibleStudentTypes: Set<String>
    /// Youngest age, in whole years on the class's closing day.
    public var minimumAge: Int
    /// Oldest age by gender on the closing day; a gender left out has no maximum.
    public var maximumAge: [Gender: Int]
    /// The most subsidies one person may be granted in a calendar year (the closing day's year).
    public var yearlyLimit: Int
    /// Whether a student's online hours must reach the class's required hours (培训课时).
    public var requireOnlineHours: Bool

    public init(amountsByLevel: [SkillLevel: Int], eligibleStudentTypes: Set<String>, minimumAge: Int = 16,
                maximumAge: [Gender: Int] = [:], yearlyLimit: Int = 3, requireOnlineHours: Bool = true) {
        self.amountsByLevel = amountsByLevel
        self.eligibleStudentTypes = eligibleStudentTypes
        self.minimumAge = minimumAge
        self.maximumAge = maximumAge
        self.yearlyLimit = yearlyLimit
        self.requireOnlineHours = requireOnlineHours
    }

    /// A policy file that does not read: the field and what is wrong with it.
    public struct Invalid: Error, CustomStringConvertible, Sendable, Equatable {
        public let field: String
        public let problem: String
        public var description: String { "subsidy policy: \(field) \(problem)" }
    }

    /// The policy of a JSON document. Throws naming the first field that is wrong.
    public static func parse(_ text: String, studentTypes: Set<String> = Set(StudentTypeCatalog.embedded.labels)) throws(Invalid) -> SubsidyPolicy {
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch { throw Invalid(field: "(file)", problem: "is not JSON: \(error)") }
        guard let object = root.objectValue else { throw Invalid(field: "(file)", problem: "must be a JSON object") }
        let known: Set<String> = ["note", "amountsByLevel", "eligibleStudentTypes", "minimumAge", "maximumAge", "yearlyLimit", "requireOnlineHours"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Invalid(field: unknown, problem: "is not a policy field (known: \(known.sorted().joined(separator: ", ")))")
        }
        guard let amounts = object["amountsByLevel"]?.objectValue, !amounts.isEmpty else {
            throw Invalid(field: "amountsByLevel", problem: "must be an object of level → yuan, with at least one level")
        }
        var amountsByLevel: [SkillLevel: Int] = [:]
        for (name, value) in amounts {
            guard let level = SkillLevel(rawValue: name), level != .none else {
                throw Invalid(field: "amountsByLevel.\(name)", problem: "is not a level (\(SkillLevel.allCases.filter { $0 != .none }.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let yuan = value.intValue, value.doubleValue == Double(yuan) else { throw Invalid(field: "amountsByLevel.\(name)", problem: "must be a whole number of yuan") }
            guard (0...1_000_000).contains(yuan) else { throw Invalid(field: "amountsByLevel.\(name)", problem: "must be 0–1000000 yuan, got \(yuan)") }
            amountsByLevel[level] = yuan
        }
        guard let types = object["eligibleStudentTypes"]?.arrayValue, !types.isEmpty else {
            throw Invalid(field: "eligibleStudentTypes", problem: "must be a non-empty array of 学员类型 labels")
        }
        var eligible: Set<String> = []
        for (i, value) in types.enumerated() {
            guard let label = value.stringValue, studentTypes.contains(label) else {
                throw Invalid(field: "eligibleStudentTypes[\(i)]", problem: "is not a 学员类型 of the catalog (\(studentTypes.sorted().joined(separator: "、")))")
            }
            eligible.insert(label)
        }
        let minimumAge = try wholeNumber(object, "minimumAge", default: 16, in: 0...100)
        var maximumAge: [Gender: Int] = [:]
        if let value = object["maximumAge"] {
            guard let ages = value.objectValue else { throw Invalid(field: "maximumAge", problem: "must be an object {\"male\": years, \"female\": years}") }
            for (name, age) in ages {
                guard let gender = Gender(rawValue: name) else { throw Invalid(field: "maximumAge.\(name)", problem: "must be male or female") }
                guard let years = age.intValue, age.doubleValue == Double(years), (minimumAge...120).contains(years) else {
                    throw Invalid(field: "maximumAge.\(name)", problem: "must be whole years from minimumAge (\(minimumAge)) to 120")
                }
                maximumAge[gender] = years
            }
        }
        let yearlyLimit = try wholeNumber(object, "yearlyLimit", default: 3, in: 1...100)
        var requireOnlineHours = true
        if let value = object["requireOnlineHours"] {
            guard let flag = value.boolValue else { throw Invalid(field: "requireOnlineHours", problem: "must be true or false") }
            requireOnlineHours = flag
        }
        return SubsidyPolicy(amountsByLevel: amountsByLevel, eligibleStudentTypes: eligible, minimumAge: minimumAge,
                             maximumAge: maximumAge, yearlyLimit: yearlyLimit, requireOnlineHours: requireOnlineHours)
    }

    private static func wholeNumber(_ object: [String: JSONValue], _ field: String, default value: Int, in range: ClosedRange<Int>) throws(Invalid) -> Int {
        guard let json = object[field] else { return value }
        guard let n = json.intValue, json.doubleValue == Double(n), range.contains(n) else {
            throw Invalid(field: field, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// The shipped default (illustrative figures, not a province's policy): the same document as
    /// `deploy/subsidy-policy.json`, which a test keeps equal.
    public static let defaultJSON = """
    {
      "note": "Illustrative figures only: set the province's own policy with VT_SUBSIDY_POLICY.",
      "amountsByLevel": {"junior": 800, "intermediate": 1200, "senior": 1600, "technician": 2000, "senior_technician": 2500},
      "eligibleStudentTypes": ["农村转移劳动力", "脱贫劳动力", "高校毕业生", "登记失业人员", "退役军人", "残疾人",
                               "城乡未继续升学初高中毕业生", "就业困难人员"],
      "minimumAge": 16,
      "maximumAge": {"male": 60, "female": 55},
      "yearlyLimit": 3,
      "requireOnlineHours": true
    }
    """

    /// ``defaultJSON``, parsed.
    public static var shippedDefault: SubsidyPolicy {
        // The literal above is checked by SubsidyPolicyTests; it cannot fail to parse.
        (try? parse(defaultJSON)) ?? SubsidyPolicy(amountsByLevel: [:], eligibleStudentTypes: [])
    }

    /// `VT_SUBSIDY_POLICY` read and parsed, or the shipped default when unset.
    public static func load(environment: [String: String], read: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }) throws(Invalid) -> SubsidyPolicy {
        guard let path = environment["VT_SUBSIDY_POLICY"], !path.isEmpty else { return shippedDefault }
        guard let text = read(path) else { throw Invalid(field: "VT_SUBSIDY_POLICY", problem: "names a file that cannot be read: \(path)") }
        return try parse(text)
    }
}
