import Foundation
import JobQueue
import RedisClient
import Subsidy
import TrainingDomain
import WorkflowKernel

/// `vtctl subsidy claim|show|granted`: an institution's clerk claims a closed class's subsidy;
/// reviewers and operators read a claim (every line with its reasons and amount, the decision,
/// the audit trail) and what one person has been granted.
enum SubsidyCommand {
    static let commands: [any VtctlCommand.Type] = [Claim.self, Show.self, Granted.self]

    /// `subsidy claim`: enqueues `subsidy.claimed` and waits for the result.
    struct Claim: VtctlCommand {
        var request: SubsidyClaimRequest
        var timeoutSeconds: Int

        static let words = ["subsidy", "claim"]
        static let usage = ["subsidy claim --claim ID --institution ID --class ID --certificate ID --department DEPT [--timeout SECONDS]"]
        static let options = OptionNames(values: ["claim", "institution", "class", "certificate", "department", "timeout"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            let request = SubsidyClaimRequest(claimId: try args.required("claim"), institutionId: try args.required("institution"),
                                              classId: try args.required("class"), certificateId: try args.required("certificate"),
                                              departmentId: try args.required("department"))
            if case .failure(let errors) = SubsidyClaimPayload.decode(request.json) {
                throw UsageError(errors.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
            }
            return Self(request: request, timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            let jobId = Session.newJobId("claim")
            let envelope = JobEnvelope(id: jobId, type: SubsidyClaimPayload.type, createdAt: Timestamp.rfc3339(ms: s.clock.nowMs()),
                                       producer: Session.producerName, traceId: jobId, payload: request.json)
            return try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: timeoutSeconds, queue: SubsidyKeys.queueName)
        }
    }

    /// `subsidy show CLAIM`.
    struct Show: VtctlCommand {
        var claimId: String

        static let words = ["subsidy", "show"]
        static let usage = ["subsidy show CLAIM   every line with its reasons and amount, the decision, the audit trail"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self { Self(claimId: try args.positionals(["CLAIM"])[0]) }

        func run(_ s: Session) throws -> ExitCode {
            let keys = SubsidyKeys(s.keys.queue)
            let replies = try s.connection.pipeline([RedisCommand("HGETALL", keys.claim(claimId)), RedisCommand("XRANGE", keys.audit(claimId), "-", "+")])
            guard let claim = try SubsidyClaim(fields: replies[0].throwingServerError().fieldMap) else {
                s.err("no subsidy claim \(claimId)")
                return .error
            }
            let audit = (try replies[1].throwingServerError().array ?? []).compactMap(AuditEntry.init(streamEntry:))
            if s.json {
                s.outJSON(SubsidyCommand.json(claim, audit: audit))
                return .ok
            }
            SubsidyCommand.printClaim(claim, audit: audit, s)
            return .ok
        }
    }

    /// `subsidy granted --id ID`.
    struct Granted: VtctlCommand {
        var idNumber: String

        static let words = ["subsidy", "granted"]
        static let usage = ["subsidy granted --id ID   what one person has been granted: which class, claim, when, how much"]
        static let options = OptionNames(values: ["id"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            let id = ResidentIDNumber.normalize(try args.required("id"))
            guard case .success = ResidentIDNumber.validateFormat(id) else { throw UsageError("--id must be an 18-character resident ID number") }
            return Self(idNumber: id)
        }

        func run(_ s: Session) throws -> ExitCode {
            let keys = SubsidyKeys(s.keys.queue)
            let person = PersonGrants(idNumber: idNumber, key: keys.granted(idNumber),
                                      fields: try s.connection.send("HGETALL", keys.granted(idNumber)).throwingServerError().fieldMap)
            let years = person.fields.compactMap { k, v in k.hasPrefix("year:") ? (Int(k.dropFirst(5)) ?? 0, Int(v) ?? 0) : nil }.sorted { $0.0 < $1.0 }
            if s.json {
                s.outJSON(["idNumber": .string(idNumber), "grants": .array(person.grants.map(\.json)),
                           "perYear": .object(Dictionary(uniqueKeysWithValues: years.map { (String($0.0), JSONValue.number(Double($0.1))) }))])
                return .ok
            }
            if person.grants.isEmpty {
                s.out("\(idNumber): no subsidy granted")
                return .ok
            }
            s.out(pad("OCCUPATION", 24) + pad("LEVEL", 18) + pad("AMOUNT", 10) + pad("GRANTED AT", 26) + pad("CLAIM", 28) + pad("CLASS", 24) + "INSTITUTION")
            for g in person.grants {
                s.out(pad(g.occupation, 24) + pad(g.level.rawValue, 18) + pad("\(g.amount) 元", 10) + pad(g.grantedAt, 26) + pad(g.claimId, 28)
                      + pad(g.classId, 24) + g.institutionId)
            }
            s.out("per year: " + years.map { "\($0.0): \($0.1)" }.joined(separator: ", "))
            return .ok
        }
    }

    static func json(_ c: SubsidyClaim, audit: [AuditEntry]) -> JSONValue {
        var o: [String: JSONValue] = [
            "claimId": .string(c.claimId), "institutionId": .string(c.institutionId), "classId": .string(c.classId), "className": .string(c.className),
            "certificateId": .string(c.certificateId), "departmentId": .string(c.departmentId), "occupation": .string(c.occupation),
            "level": .string(c.level.rawValue), "closedOn": .string(c.closedOn.description), "revision": .number(Double(c.revision)),
            "status": .string(c.status.rawValue), "claimedAt": .string(Timestamp.rfc3339(ms: c.claimedAtMs)), "lines": .array(c.lines.map(\.json)),
            "eligibleCount": .number(Double(c.eligibleCount)), "claimedAmount": .number(Double(c.claimedAmount)),
            "audit": .array(audit.map { .object(Dictionary(uniqueKeysWithValues: $0.fields.map { ($0.0, JSONValue.string($0.1)) })) }),
        ]
        if let revision = c.decided.revision {
            o["decision"] = ["revision": .number(Double(revision)), "outcome": .string(c.decided.outcome ?? ""), "by": .string(c.decided.by ?? ""),
                             "at": .string(c.decided.atMs.map { Timestamp.rfc3339(ms: $0) } ?? ""), "reason": c.decided.reason.map(JSONValue.string) ?? .null,
                             "granted": .array(c.granted.map(JSONValue.string)), "grantedCount": .number(Double(c.granted.count)),
                             "grantedAmount": .number(Double(c.grantedAmount)),
                             "notGranted": .object(c.notGranted.mapValues { .string($0.rawValue) })]
        }
        return .object(o)
    }

    static func printClaim(_ c: SubsidyClaim, audit: [AuditEntry], _ s: Session) {
        s.out("claim \(c.claimId): \(c.status.rawValue) (revision \(c.revision))")
        s.out("  class \(c.classId) “\(c.className)” of \(c.institutionId), \(c.occupation)/\(c.level.rawValue), closed \(c.closedOn), certificate \(c.certificateId)")
        s.out("  department \(c.departmentId), claimed \(Timestamp.rfc3339(ms: c.claimedAtMs)): \(c.eligibleCount) of \(c.lines.count) eligible, \(c.claimedAmount) 元")
        if let revision = c.decided.revision {
            var line = "  decided revision \(revision) by \(c.decided.by ?? "?") at \(c.decided.atMs.map { Timestamp.rfc3339(ms: $0) } ?? "?"): "
                + "\(c.granted.count) granted, \(c.grantedAmount) 元"
            if let reason = c.decided.reason { line += "; reason: \(reason)" }
            s.out(line)
        }
        let granted = Set(c.granted)
        s.out(pad("#", 5) + pad("ID NUMBER", 20) + pad("NAME", 10) + pad("TYPE", 26) + pad("AMOUNT", 10) + "REASONS")
        for (i, line) in c.lines.enumerated() {
            var reasons = line.reasons.map { "\($0.rawValue)（\($0.chinese)）" }
            if let late = c.notGranted[line.idNumber] { reasons.append("not granted at the decision: \(late.rawValue)（\(late.chinese)）") }
            let mark = granted.contains(line.idNumber) ? " granted" : ""
            s.out(pad(String(i + 1), 5) + pad(line.idNumber, 20) + pad(line.name, 10) + pad(line.studentType, 26)
                  + pad("\(line.amount) 元", 10) + (reasons.isEmpty ? "eligible" : reasons.joined(separator: "; ")) + mark)
        }
        if !audit.isEmpty { s.out("audit:") }
        for entry in audit {
            let details = entry.details.keys.sorted().map { "\($0)=\(entry.details[$0]!)" }.joined(separator: " ")
            s.out("  \(Timestamp.rfc3339(ms: entry.atMs)) \(entry.action) by \(entry.actor) (job \(entry.jobId ?? "?")) \(details)")
        }
    }
}
