import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// A subsidy claim as `{p}:subsidy:claim:{claimId}` keeps it: what was claimed for which closed
/// class, its lines, where it is in review, and (once decided) what was granted.
public struct SubsidyClaim: Sendable, Equatable {
    /// Where the claim is: `pending_review`, then `approved`, `partially_approved` or `declined`.
    public enum Status: String, Sendable, Equatable {
        case pendingReview = "pending_review"
        case approved
        case partiallyApproved = "partially_approved"
        case declined
    }

    public var claimId: String
    public var institutionId: String
    public var classId: String
    public var className: String
    public var certificateId: String
    public var departmentId: String
    public var occupation: String
    public var level: SkillLevel
    /// 结班 day, `YYYY-MM-DD` (China): ages counted on it, grants count in its year.
    public var closedOn: LocalDate
    public var revision: Int
    public var version: Int
    public var status: Status
    public var claimedAtMs: Int64
    public var lines: [SubsidyLine]
    public var decided: DecidedState
    /// ID numbers granted by the decision, in the lines' order.
    public var granted: [String]
    /// ID number → why an approved line was not granted at the decision (another claim granted
    /// the person meanwhile, or the year's limit was reached).
    public var notGranted: [String: SubsidyReason]

    public init(claimId: String, institutionId: String, classId: String, className: String, certificateId: String, departmentId: String,
                occupation: String, level: SkillLevel, closedOn: LocalDate, revision: Int = 1, version: Int = 1, status: Status = .pendingReview,
                claimedAtMs: Int64, lines: [SubsidyLine], decided: DecidedState = DecidedState(), granted: [String] = [],
                notGranted: [String: SubsidyReason] = [:]) {
        self.claimId = claimId
        self.institutionId = institutionId
        self.classId = classId
        self.className = className
        self.certificateId = certificateId
        self.departmentId = departmentId
        self.occupation = occupation
        self.level = level
        self.closedOn = closedOn
        self.revision = revision
        self.version = version
        self.status = status
        self.claimedAtMs = claimedAtMs
        self.lines = lines
        self.decided = decided
        self.granted = granted
        self.notGranted = notGranted
    }

    public var eligibleCount: Int { lines.filter(\.eligible).count }
    public var claimedAmount: Int { lines.reduce(0) { $0 + $1.amount } }
    public var grantedAmount: Int {
        let ids = Set(granted)
        return lines.filter { ids.contains($0.idNumber) }.reduce(0) { $0 + $1.amount }
    }

    /// The hash's fields.
    public var fields: [(String, String)] {
        var f: [(String, String)] = [
            ("claimId", claimId), ("institutionId", institutionId), ("classId", classId), ("className", className),
            ("certificateId", certificateId), ("departmentId", departmentId), ("occupation", occupation), ("level", level.rawValue),
            ("closedOn", closedOn.description), ("revision", String(revision)), ("version", String(version)), ("status", status.rawValue),
            ("claimedAtMs", String(claimedAtMs)), ("lines", SubsidyLine.encode(lines)), ("studentCount", String(lines.count)),
            ("eligibleCount", String(eligibleCount)), ("claimedAmount", String(claimedAmount)),
        ]
        if let r = decided.revision { f.append(("decidedRevision", String(r))) }
        if let o = decided.outcome { f.append(("decidedOutcome", o)) }
        if let at = decided.atMs { f.append(("decidedAtMs", String(at))) }
        if let by = decided.by { f.append(("decidedBy", by)) }
        if let reason = decided.reason { f.append(("decidedReason", reason)) }
        if decided.revision != nil {
            f += [("granted", JSONValue.array(granted.map(JSONValue.string)).jsonString), ("grantedCount", String(granted.count)),
                  ("grantedAmount", String(grantedAmount)),
                  ("notGranted", JSONValue.object(notGranted.mapValues { .string($0.rawValue) }).jsonString)]
        }
        return f
    }

    /// Reads a claim from `HGETALL`: nil for an empty map (no such claim). A hash that does not
    /// read (changed by hand) throws, so the job is retried, then dead, never misapplied.
    public init?(fields map: [String: String]) throws(StateError) {
        guard !map.isEmpty else { return nil }
        guard let claimId = map["claimId"], let institutionId = map["institutionId"], let classId = map["classId"],
              let certificateId = map["certificateId"], let departmentId = map["departmentId"], let occupation = map["occupation"],
              let level = map["level"].flatMap(SkillLevel.init(rawValue:)), let closedOn = map["closedOn"].flatMap(LocalDate.init),
              let revision = map["revision"].flatMap({ Int($0) }), let version = map["version"].flatMap({ Int($0) }),
              let status = map["status"].flatMap(Status.init(rawValue:)), let claimedAtMs = map["claimedAtMs"].flatMap({ Int64($0) }),
              let lines = map["lines"].flatMap(SubsidyLine.decode)
        else { throw StateError(message: "the hash of claim \(map["claimId"] ?? "?") is not a subsidy claim") }
        let granted = map["granted"].flatMap { try? JSONValue.parse($0) }?.arrayValue?.compactMap(\.stringValue) ?? []
        let notGranted = (map["notGranted"].flatMap { try? JSONValue.parse($0) }?.objectValue ?? [:])
            .compactMapValues { $0.stringValue.flatMap(SubsidyReason.init(rawValue:)) }
        let decided = DecidedState(revision: map["decidedRevision"].flatMap { Int($0) }, outcome: map["decidedOutcome"],
                                   atMs: map["decidedAtMs"].flatMap { Int64($0) }, by: map["decidedBy"], reason: map["decidedReason"])
        self.init(claimId: claimId, institutionId: institutionId, classId: classId, className: map["className"] ?? classId,
                  certificateId: certificateId, departmentId: departmentId, occupation: occupation, level: level, closedOn: closedOn,
                  revision: revision, version: version, status: status, claimedAtMs: claimedAtMs, lines: lines, decided: decided,
                  granted: granted, notGranted: notGranted)
    }
}
