import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `vtctl qualification apply|list|expiring`: enqueue an application, show an institution's
/// items, and the items expiring soon (read from the due index, so it costs what is due).
enum QualificationCommand {
    static let commands: [any VtctlCommand.Type] = [Apply.self, List.self, Expiring.self]

    /// `qualification apply --file FILE`: enqueues a `qualification.applied` job from a payload or an envelope.
    struct Apply: VtctlCommand {
        var file: String
        var timeoutSeconds: Int

        static let words = ["qualification", "apply"]
        static let usage = ["qualification apply --file FILE [--timeout SECONDS]     (FILE: payload or envelope; - = stdin)"]
        static let options = OptionNames(values: ["file", "timeout"])
        static let readsJSONFile = true

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return Apply(file: try args.required("file"), timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            try JobFile.enqueueAndWait(s, file: file, type: ApplicationPayload.type, kind: "apply", queue: QualificationKeys.queueName,
                                       timeoutSeconds: timeoutSeconds)
        }
    }

    /// `qualification list --institution ID`: an institution's items and its pending application.
    struct List: VtctlCommand {
        var institutionId: String

        static let words = ["qualification", "list"]
        static let usage = ["qualification list --institution ID"]
        static let options = OptionNames(values: ["institution"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return List(institutionId: try args.required("institution"))
        }

        func run(_ s: Session) throws -> ExitCode { try QualificationCommand.list(s, institutionId: institutionId) }
    }

    /// `qualification expiring --within 30d [--department DEPT]`: items expiring soon (from the due index).
    struct Expiring: VtctlCommand {
        var withinMs: Int64
        var departmentId: String?

        static let words = ["qualification", "expiring"]
        static let usage = ["qualification expiring --within 30d [--department DEPT]    (d, h or m)"]
        static let options = OptionNames(values: ["within", "department"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return Expiring(withinMs: try QualificationCommand.duration(try args.required("within")), departmentId: args.values["department"])
        }

        func run(_ s: Session) throws -> ExitCode { try QualificationCommand.expiring(s, withinMs: withinMs, departmentId: departmentId) }
    }

    /// `30d`, `12h`, `90m` in ms.
    static func duration(_ text: String) throws(UsageError) -> Int64 {
        let units: [Character: Int64] = ["d": 86_400_000, "h": 3_600_000, "m": 60_000]
        guard let unit = text.last.flatMap({ units[$0] }), let n = Int64(text.dropLast()), n > 0, n <= 3_650 * 24 * 60 else {
            throw UsageError("--within takes a number and a unit d, h or m (30d), got \(text)")
        }
        return n * unit
    }

    static func list(_ s: Session, institutionId: String) throws -> ExitCode {
        let keys = QualificationKeys(s.keys.queue)
        let record = try QualificationInspector.record(institutionId: institutionId, keys: keys, connection: s.connection)
        let today = LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(s.clock.nowMs()) / 1000))
        let items = record.items.values.sorted { $0.key < $1.key }
        if s.json {
            var o: [String: JSONValue] = ["institutionId": .string(institutionId), "version": .number(Double(record.version)),
                                          "items": .array(items.map { $0.json.merged(["active": .bool($0.isActive(on: today))]) })]
            if let p = record.pending { o["pending"] = p.json }
            s.outJSON(.object(o))
            return .ok
        }
        if items.isEmpty && record.pending == nil {
            s.out("institution \(institutionId) has no qualification")
            return .ok
        }
        let texts = QualificationTexts()
        s.out(pad("OCCUPATION", 24) + pad("LEVEL", 20) + pad("VALID UNTIL", 13) + pad("STATUS", 10) + "NAME")
        for item in items {
            let status = item.isActive(on: today) ? "active" : "expired"
            s.out(pad(item.key.occupation, 24) + pad(item.key.level.rawValue, 20) + pad(item.validUntil?.description ?? "-", 13)
                  + pad(status, 10) + texts.itemName(item.key))
        }
        if let p = record.pending { s.out("pending: application \(p.applicationId), revision \(p.revision), \(p.items.count) item(s), department \(p.departmentId)") }
        return .ok
    }

    static func expiring(_ s: Session, withinMs: Int64, departmentId: String?) throws -> ExitCode {
        let keys = QualificationKeys(s.keys.queue)
        let now = s.clock.nowMs()
        var departments: [String: String] = [:]
        var rows: [(ExpiryStep, Int64)] = []
        for (step, due) in try QualificationInspector.upcoming(withinMs: withinMs, nowMs: now, keys: keys, connection: s.connection, limit: 100_000)
        where step.kind == .expire {
            if let departmentId {
                if departments[step.institutionId] == nil {
                    departments[step.institutionId] = try s.connection.send("HGET", keys.institution(step.institutionId), "departmentId").string ?? ""
                }
                guard departments[step.institutionId] == departmentId else { continue }
            }
            rows.append((step, due))
        }
        if s.json {
            s.outJSON(.array(rows.map { step, due in
                ["institutionId": .string(step.institutionId), "occupation": .string(step.key.occupation), "level": .string(step.key.level.rawValue),
                 "validUntil": .string(step.validUntil.description), "expiresAt": .string(Timestamp.rfc3339(ms: due))]
            }))
            return .ok
        }
        if rows.isEmpty {
            s.out("nothing expires within \(formatDuration(ms: withinMs))")
            return .ok
        }
        s.out(pad("INSTITUTION", 24) + pad("OCCUPATION", 24) + pad("LEVEL", 20) + pad("VALID UNTIL", 13) + "IN")
        for (step, due) in rows {
            s.out(pad(step.institutionId, 24) + pad(step.key.occupation, 24) + pad(step.key.level.rawValue, 20)
                  + pad(step.validUntil.description, 13) + formatDuration(ms: due - now))
        }
        return .ok
    }
}

extension JSONValue {
    /// This object with `other`'s keys added.
    func merged(_ other: [String: JSONValue]) -> JSONValue {
        guard case .object(var o) = self else { return self }
        for (k, v) in other { o[k] = v }
        return .object(o)
    }
}
