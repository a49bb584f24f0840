import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// A pending application as kept in the state hash's `pending` field (JSON).
public struct PendingApplication: Sendable, Equatable {
    public var applicationId: String
    public var revision: Int
    public var departmentId: String
    public var items: [ApplicationItem]
    public var submittedAtMs: Int64

    public init(applicationId: String, revision: Int, departmentId: String, items: [ApplicationItem], submittedAtMs: Int64) {
        self.applicationId = applicationId
        self.revision = revision
        self.departmentId = departmentId
        self.items = items
        self.submittedAtMs = submittedAtMs
    }

    public var json: JSONValue {
        ["applicationId": .string(applicationId), "revision": .number(Double(revision)), "departmentId": .string(departmentId),
         "items": .array(items.map(\.json)), "submittedAt": .number(Double(submittedAtMs))]
    }

    public init?(json: JSONValue) {
        guard let id = json["applicationId"]?.stringValue, let revision = json["revision"]?.intValue,
              let department = json["departmentId"]?.stringValue, let items = json["items"]?.arrayValue else { return nil }
        self.init(applicationId: id, revision: revision, departmentId: department,
                  items: items.compactMap(ApplicationItem.init(json:)), submittedAtMs: Int64(json["submittedAt"]?.doubleValue ?? 0))
    }
}

/// One institution's qualification state: `{p}:qualification:{institutionId}`.
public struct QualificationRecord: Sendable, Equatable {
    public var institutionId: String
    /// Bumped by every write (decisions, applications, the expiry script); handlers guard on it.
    public var version: Int = 0
    /// Revisions handed out so far (one per accepted application).
    public var revision: Int = 0
    public var pending: PendingApplication?
    /// Approved items, by key.
    public var items: [ItemKey: ApprovedItem] = [:]
    public var decidedApplicationId: String?
    /// The latest decision (`approved`, `declined`, `partially_approved`), by whom, and its reason.
    public var decided = DecidedState()

    public init(institutionId: String) { self.institutionId = institutionId }

    public var versionGuardValue: String { version == 0 ? "" : String(version) }

    /// Items approved and not expired on `date`, sorted.
    public func activeItems(on date: LocalDate) -> [ApprovedItem] {
        items.values.filter { $0.isActive(on: date) }.sorted { $0.key < $1.key }
    }

    /// The hash's fields.
    public var fields: [(String, String)] {
        var f: [(String, String)] = [("institutionId", institutionId), ("version", String(version)), ("revision", String(revision))]
        if let pending { f.append(("pending", pending.json.jsonString)) }
        if let decidedApplicationId { f.append(("decidedApplicationId", decidedApplicationId)) }
        if let revision = decided.revision { f.append(("decidedRevision", String(revision))) }
        if let outcome = decided.outcome { f.append(("lastDecision", outcome)) }
        if let atMs = decided.atMs { f.append(("decidedAt", String(atMs))) }
        if let by = decided.by { f.append(("decidedBy", by)) }
        if let reason = decided.reason { f.append(("reason", reason)) }
        for key in items.keys.sorted() { f.append((key.field, items[key]!.json.jsonString)) }
        return f
    }

    /// Reads the hash (`HGETALL` as a map); an empty map is a fresh record.
    public init(institutionId: String, fields map: [String: String]) throws(StateError) {
        self.institutionId = institutionId
        version = Int(map["version"] ?? "0") ?? 0
        revision = Int(map["revision"] ?? "0") ?? 0
        if let text = map["pending"] {
            guard let json = try? JSONValue.parse(text), let p = PendingApplication(json: json) else {
                throw StateError(message: "qualification \(institutionId): unreadable pending application")
            }
            pending = p
        }
        decidedApplicationId = map["decidedApplicationId"]
        decided = DecidedState(revision: map["decidedRevision"].flatMap { Int($0) }, outcome: map["lastDecision"],
                               atMs: map["decidedAt"].flatMap { Int64($0) }, by: map["decidedBy"], reason: map["reason"])
        for (field, text) in map where field.hasPrefix("item:") {
            guard let json = try? JSONValue.parse(text), let item = ApprovedItem(json: json) else {
                throw StateError(message: "qualification \(institutionId): unreadable \(field)")
            }
            items[item.key] = item
        }
    }
}
