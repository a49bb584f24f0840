import DepartmentReview
import JobQueue
import WorkflowKernel

/// An institution's certification state, as the hash `{p}:institution:{id}` stores it. Every
/// change increments `version`; handlers guard on it, so two concurrent changes can't both apply.
public struct InstitutionRecord: Sendable, Equatable {
    public var institutionId: String
    /// 0 while the institution has no state.
    public var version: Int = 0
    /// The latest revision number handed out (0 before the first submission).
    public var revision: Int = 0
    /// The submission waiting for review (revision `revision`), if any.
    public var pending: InstitutionProfile?
    /// The department the pending submission is routed to; otherwise the one that certified the
    /// current data (a refused change does not move it), or that refused the only submission.
    public var departmentId: String?
    /// When the latest submission was accepted (ms since the epoch).
    public var submittedAtMs: Int64?
    /// The certified data (已认证), if any.
    public var current: InstitutionProfile?
    public var certifiedRevision: Int?
    public var certifiedAtMs: Int64?
    /// The latest decision (`approved`, `declined`), by whom, and the reason of a refusal.
    public var decided = DecidedState()

    public init(institutionId: String) { self.institutionId = institutionId }

    /// The state, derived from the data: certified data wins, then a pending submission, then a refusal.
    public var state: CertificationState {
        if current != nil { return .certified }
        if pending != nil { return .pendingReview }
        if decided.revision != nil { return .rejected }
        return .none
    }

    /// The name to show: the pending one, else the certified one.
    public var displayName: String? { pending?.name ?? current?.name }

    /// Licence numbers this institution holds in the index (pending and certified data).
    public var heldLicenses: Set<String> { Set([pending?.licenseNumber, current?.licenseNumber].compactMap { $0 }) }
    /// Contact phones this institution holds in the index (pending and certified data).
    public var heldPhones: Set<String> { Set([pending?.contactPhone, current?.contactPhone].compactMap { $0 }) }

    /// The `version` field as a guard expects it (`""` while absent).
    public var versionGuardValue: String { version == 0 ? "" : String(version) }

    // MARK: - Hash fields

    /// The hash fields. `state` and `name` are derived, written for readers (vtctl, the platform).
    public var fields: [(String, String)] {
        var f: [(String, String)] = [("institutionId", institutionId), ("state", state.rawValue), ("version", String(version)),
                                     ("revision", String(revision))]
        func add(_ name: String, _ value: String?) { if let value { f.append((name, value)) } }
        add("name", displayName)
        add("pending", pending?.json.jsonString)
        add("departmentId", departmentId)
        add("submittedAt", submittedAtMs.map { Timestamp.rfc3339(ms: $0) })
        add("current", current?.json.jsonString)
        add("certifiedRevision", certifiedRevision.map(String.init))
        add("certifiedAt", certifiedAtMs.map { Timestamp.rfc3339(ms: $0) })
        add("decidedRevision", decided.revision.map(String.init))
        add("decision", decided.outcome)
        add("decidedAt", decided.atMs.map { Timestamp.rfc3339(ms: $0) })
        add("decidedBy", decided.by)
        add("reason", decided.reason)
        return f
    }

    /// Reads a record from `HGETALL`; an empty map is an institution with no state. A stored
    /// profile that does not read (written by hand) throws, so the job is retried, not misapplied.
    public init(institutionId: String, fields map: [String: String]) throws(StateError) {
        self.institutionId = institutionId
        guard !map.isEmpty else { return }
        version = Int(map["version"] ?? "") ?? 0
        revision = Int(map["revision"] ?? "") ?? 0
        if let text = map["pending"] { pending = try Self.profile(text, key: "pending") }
        departmentId = map["departmentId"]
        submittedAtMs = map["submittedAt"].flatMap(Timestamp.parseRFC3339)
        if let text = map["current"] { current = try Self.profile(text, key: "current") }
        certifiedRevision = map["certifiedRevision"].flatMap { Int($0) }
        certifiedAtMs = map["certifiedAt"].flatMap(Timestamp.parseRFC3339)
        decided = DecidedState(revision: map["decidedRevision"].flatMap { Int($0) }, outcome: map["decision"],
                               atMs: map["decidedAt"].flatMap(Timestamp.parseRFC3339), by: map["decidedBy"], reason: map["reason"])
    }

    private static func profile(_ text: String, key: String) throws(StateError) -> InstitutionProfile {
        guard let value = try? JSONValue.parse(text), let profile = InstitutionProfile(stored: value) else {
            throw StateError(message: "the institution hash's \(key) field does not hold a profile")
        }
        return profile
    }
}
