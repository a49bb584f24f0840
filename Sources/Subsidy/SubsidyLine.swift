import JobQueue
import TrainingDomain

/// Why a student's line of a claim is not subsidised.
public enum SubsidyReason: String, Sendable, Equatable, CaseIterable, Comparable {
    /// Both scores were not ≥ 60 (or not recorded).
    case notPassed = "not_passed"
    /// Online hours below the class's required hours (when the policy requires them).
    case hoursShort = "hours_short"
    /// The 学员类型 is not one the policy subsidises.
    case typeIneligible = "type_ineligible"
    /// Younger than the minimum or older than the maximum age on the closing day.
    case ageOutOfRange = "age_out_of_range"
    /// Already granted for this occupation and level (同一职业同一等级不重复享受).
    case alreadySubsidized = "already_subsidized"
    /// Already granted the policy's most subsidies in the closing day's year.
    case yearlyLimit = "yearly_limit"
    /// The policy pays nothing for the class's level.
    case levelNotSubsidized = "level_not_subsidized"

    /// The reason in Chinese, for the institution's message and vtctl.
    public var chinese: String {
        switch self {
        case .notPassed: return "成绩不合格"
        case .hoursShort: return "线上培训课时不足"
        case .typeIneligible: return "学员类型不在补贴范围"
        case .ageOutOfRange: return "年龄不在补贴范围"
        case .alreadySubsidized: return "同一职业同一等级已享受过补贴"
        case .yearlyLimit: return "本年度享受补贴次数已达上限"
        case .levelNotSubsidized: return "该等级无补贴标准"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// One student's line of a claim, as the claim computed it: eligible with the policy's amount, or
/// not with its reasons. Stored in the claim's `lines` field, in the roster's order.
public struct SubsidyLine: Sendable, Equatable {
    public var idNumber: String
    public var name: String
    public var studentType: String
    public var reasons: [SubsidyReason]
    /// Yuan; 0 when not eligible.
    public var amount: Int

    public init(idNumber: String, name: String, studentType: String, reasons: [SubsidyReason], amount: Int) {
        self.idNumber = idNumber
        self.name = name
        self.studentType = studentType
        self.reasons = reasons.sorted()
        self.amount = reasons.isEmpty ? amount : 0
    }

    public var eligible: Bool { reasons.isEmpty }

    public var json: JSONValue {
        ["idNumber": .string(idNumber), "name": .string(name), "studentType": .string(studentType), "eligible": .bool(eligible),
         "reasons": .array(reasons.map { .string($0.rawValue) }), "amount": .number(Double(amount))]
    }

    /// Reads a line back; nil for anything that is not one.
    public init?(json: JSONValue) {
        guard let id = json["idNumber"]?.stringValue, let name = json["name"]?.stringValue, let type = json["studentType"]?.stringValue,
              let reasons = json["reasons"]?.arrayValue, let amount = json["amount"]?.intValue else { return nil }
        let codes = reasons.compactMap { $0.stringValue.flatMap(SubsidyReason.init(rawValue:)) }
        guard codes.count == reasons.count else { return nil }
        self.init(idNumber: id, name: name, studentType: type, reasons: codes, amount: amount)
    }

    /// The `lines` field of a claim.
    public static func encode(_ lines: [SubsidyLine]) -> String { JSONValue.array(lines.map(\.json)).jsonString }

    /// Reads the `lines` field; nil when it does not read.
    public static func decode(_ text: String) -> [SubsidyLine]? {
        guard let items = (try? JSONValue.parse(text))?.arrayValue else { return nil }
        let lines = items.compactMap(SubsidyLine.init(json:))
        return lines.count == items.count ? lines : nil
    }
}
