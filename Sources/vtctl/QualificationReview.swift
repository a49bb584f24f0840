import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import WorkflowKernel

/// `vtctl review list|decide --kind qualification` (declared in `ReviewCommand`): a department's
/// pending applications, and deciding one by enqueueing a `qualification.decided` job as the
/// reviewers' front end does.
enum QualificationReview {
    /// `review decide --kind qualification`'s options. Pure.
    static func decideOptions(_ args: Arguments) throws(UsageError) -> QualificationDecideOptions {
        if args.values["institution"] != nil { throw UsageError("--institution is for --kind certification; name the --application") }
        let decision = try args.required("decision")
        guard ["approve", "reject", "partial"].contains(decision) else { throw UsageError("--decision must be approve, reject or partial") }
        let reason = args.values["reason"]
        if decision == "reject" && (reason ?? "").isEmpty { throw UsageError("--reason is required to reject") }
        let items = try parseItems(args.values["items"])
        if decision == "partial" && items.isEmpty { throw UsageError("--items is required for a partial decision") }
        if decision != "partial" && !items.isEmpty { throw UsageError("--items is only for a partial decision") }
        guard let revision = try args.integer("revision", minimum: 1) else { throw UsageError("--revision is required") }
        return QualificationDecideOptions(
            applicationId: try args.required("application"), revision: revision, reviewerId: try args.required("reviewer"),
            departmentId: try args.required("department"), decision: decision, reason: reason, items: items,
            timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
    }

    /// `electrician:junior=approve,hunan-cuisine:none=reject`.
    static func parseItems(_ text: String?) throws(UsageError) -> [(occupation: String, level: String, approve: Bool)] {
        guard let text, !text.isEmpty else { return [] }
        var out: [(occupation: String, level: String, approve: Bool)] = []
        for part in text.split(separator: ",") {
            let sides = part.split(separator: "=").map(String.init)
            let names = sides.first?.split(separator: ":").map(String.init) ?? []
            guard sides.count == 2, names.count == 2, ["approve", "reject"].contains(sides[1]) else {
                throw UsageError("--items takes occupation:level=approve|reject separated by commas, got \(part)")
            }
            out.append((names[0], names[1], sides[1] == "approve"))
        }
        return out
    }

    /// The `qualification.decided` envelope for `o`.
    static func envelope(_ o: QualificationDecideOptions, jobId: String, nowMs: Int64, producer: String) -> JobEnvelope {
        var payload: [String: JSONValue] = ["applicationId": .string(o.applicationId), "revision": .number(Double(o.revision)),
                                            "reviewerId": .string(o.reviewerId), "departmentId": .string(o.departmentId),
                                            "decision": .string(o.decision)]
        if let reason = o.reason { payload["reason"] = .string(reason) }
        if !o.items.isEmpty {
            payload["items"] = .array(o.items.map { ["occupation": .string($0.occupation), "level": .string($0.level),
                                                     "decision": .string($0.approve ? "approve" : "reject")] })
        }
        return JobEnvelope(id: jobId, type: QualificationDecisionPayload.type, createdAt: Timestamp.rfc3339(ms: nowMs), producer: producer,
                           traceId: jobId, payload: .object(payload))
    }

    static func list(_ s: Session, departmentId: String) throws -> ExitCode {
        let keys = QualificationKeys(s.keys.queue)
        let now = s.clock.nowMs()
        let reply = try s.connection.send("ZRANGE", keys.reviewSet(departmentId), 0, -1, "WITHSCORES").throwingServerError().array ?? []
        var rows: [JSONValue] = []
        var i = 0
        while i + 1 < reply.count {
            defer { i += 2 }
            guard let app = reply[i].string, let score = reply[i + 1].string.flatMap({ Double($0) }) else { continue }
            let institution = try s.connection.send("HGET", keys.applicationIndex, app).string ?? "?"
            let pending = try QualificationInspector.record(institutionId: institution, keys: keys, connection: s.connection).pending
            rows.append(["applicationId": .string(app), "institutionId": .string(institution), "revision": .number(Double(pending?.revision ?? 0)),
                         "submittedAt": .string(Timestamp.rfc3339(ms: Int64(score))), "waitedMs": .number(Double(now - Int64(score))),
                         "items": .array(pending?.items.map(\.json) ?? [])])
        }
        if s.json {
            s.outJSON(.array(rows))
            return .ok
        }
        if rows.isEmpty {
            s.out("no qualification application pending for department \(departmentId)")
            return .ok
        }
        s.out(pad("APPLICATION", 28) + pad("INSTITUTION", 24) + pad("REVISION", 10) + pad("WAITED", 10) + "ITEMS")
        for r in rows {
            let items = (r["items"]?.arrayValue ?? []).map { "\($0["occupation"]?.stringValue ?? ""):\($0["level"]?.stringValue ?? "")" }
            s.out(pad(r["applicationId"]?.stringValue ?? "", 28) + pad(r["institutionId"]?.stringValue ?? "", 24)
                  + pad(String(r["revision"]?.intValue ?? 0), 10) + pad(formatDuration(ms: Int64(r["waitedMs"]?.doubleValue ?? 0)), 10)
                  + items.joined(separator: ", "))
        }
        return .ok
    }

    static func decide(_ s: Session, _ o: QualificationDecideOptions) throws -> ExitCode {
        let jobId = Session.newJobId("decide")
        let envelope = envelope(o, jobId: jobId, nowMs: s.clock.nowMs(), producer: Session.producerName)
        return try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: o.timeoutSeconds,
                                    queue: QualificationKeys.queueName)
    }
}

/// `review decide --kind qualification`'s options; `items` for `partial`:
/// `occupation:level=approve|reject` separated by commas.
struct QualificationDecideOptions: Equatable, Sendable {
    var applicationId: String
    var revision: Int
    var reviewerId: String
    var departmentId: String
    var decision: String
    var reason: String?
    var items: [(occupation: String, level: String, approve: Bool)]
    var timeoutSeconds: Int

    static func == (a: Self, b: Self) -> Bool {
        a.applicationId == b.applicationId && a.revision == b.revision && a.reviewerId == b.reviewerId && a.departmentId == b.departmentId
            && a.decision == b.decision && a.reason == b.reason && a.timeoutSeconds == b.timeoutSeconds
            && a.items.map { "\($0.occupation):\($0.level)=\($0.approve)" } == b.items.map { "\($0.occupation):\($0.level)=\($0.approve)" }
    }
}
