import JobQueue
import WireContract

/// The operators' commands (`stats`, `dead`, `job`, `workers`), parsed purely; run through
/// `QueueInspector`, never raw keys. Exit codes: 0 ok, 1 not found or error, 2 usage.
enum OperatorCommand: Equatable {
    case stats(queues: [String])
    case deadList(queue: String, count: Int)
    case deadShow(queue: String, entryId: String)
    case deadRetry(queue: String, entryIds: [String]?)
    case deadPurge(queue: String, entryIds: [String]?)
    case jobShow(jobId: String)
    case workers(queues: [String])

    static let allQueues = WireContract.queueNames

    static func options(noun: String, verb: String) -> (values: Set<String>, flags: Set<String>) {
        switch (noun, verb) {
        case ("dead", "list"): return (["count"], [])
        case ("dead", "retry"), ("dead", "purge"): return ([], ["all"])
        case ("stats", _), ("workers", _): return (["queue"], [])
        default: return ([], [])
        }
    }

    /// `stats` and `workers` take no verb; this parses their words after the noun.
    static func parse(noun: String, verb: String?, _ args: Arguments) throws(UsageError) -> OperatorCommand {
        switch noun {
        case "stats":
            return .stats(queues: try queues(args))
        case "workers":
            return .workers(queues: try queues(args))
        case "job":
            guard verb == "show" else { throw UsageError("unknown subcommand job \(verb ?? "") (show)") }
            return .jobShow(jobId: try args.positionals(["JOB_ID"])[0])
        case "dead":
            switch verb {
            case "list":
                let queue = try args.positionals(["QUEUE"])[0]
                guard let count = Int(args.values["count"] ?? "20"), count > 0 else { throw UsageError("--count must be a positive number") }
                return .deadList(queue: try checked(queue), count: count)
            case "show":
                let p = try args.positionals(["QUEUE", "ENTRY_ID"])
                return .deadShow(queue: try checked(p[0]), entryId: p[1])
            case "retry", "purge":
                guard let queue = args.positionals.first else { throw UsageError("dead \(verb!) needs QUEUE and ENTRY_ID… or --all") }
                let ids = Array(args.positionals.dropFirst())
                guard args.flags.contains("all") != !ids.isEmpty else { throw UsageError("dead \(verb!): give entry ids or --all (not both)") }
                let selection: [String]? = args.flags.contains("all") ? nil : ids
                return verb == "retry" ? .deadRetry(queue: try checked(queue), entryIds: selection) : .deadPurge(queue: try checked(queue), entryIds: selection)
            default:
                throw UsageError("unknown subcommand dead \(verb ?? "") (list, show, retry, purge)")
            }
        default:
            throw UsageError("unknown command \(noun)")
        }
    }

    private static func queues(_ args: Arguments) throws(UsageError) -> [String] {
        _ = try args.positionals([])
        guard let q = args.values["queue"] else { return allQueues }
        return [try checked(q)]
    }

    private static func checked(_ queue: String) throws(UsageError) -> String {
        guard allQueues.contains(queue) || queue == "test" else { throw UsageError("unknown queue \(queue) (\(allQueues.joined(separator: ", ")))") }
        return queue
    }

    func run(_ s: Session) throws -> ExitCode {
        let inspector = QueueInspector(keys: s.keys.queue, connection: s.connection, clock: s.clock)
        switch self {
        case .stats(let queues): return try Self.stats(s, inspector, queues)
        case .workers(let queues): return try Self.workers(s, inspector, queues)
        case .jobShow(let id):
            let result = try inspector.result(jobId: id)
            let history = try inspector.history(jobId: id)
            if s.json {
                s.outJSON(["result": .object(result.mapValues(JSONValue.string)), "history": .array(history.map(JSONValue.object))])
            } else {
                if result.isEmpty {
                    s.out("no result for job \(id) (\(history.isEmpty ? "unknown, queued, running, or older than the result TTL" : "not finished yet"))")
                } else {
                    for key in result.keys.sorted() { s.out(pad(key, 12) + result[key]!) }
                }
                if !history.isEmpty {
                    s.out("history:")
                    for entry in history { s.out("  " + Self.describe(entry)) }
                }
            }
            return result.isEmpty && history.isEmpty ? .error : .ok
        case .deadList(let queue, let count):
            let letters = try inspector.deadLetters(queue: queue, count: count)
            if s.json { s.outJSON(.array(letters.map { .object(["entryId": .string($0.id), "fields": .object($0.fields.mapValues(JSONValue.string))]) })); return .ok }
            if letters.isEmpty { s.out("no dead letters on \(queue)"); return .ok }
            s.out(pad("ENTRY", 18) + pad("JOB", 28) + pad("REASON", 20) + pad("FAILED", 26) + "ERROR")
            for l in letters {
                s.out(pad(l.id, 18) + pad(l.jobId ?? "-", 28) + pad(l.reason, 20) + pad(l.fields["failedAt"] ?? "", 26) + String((l.fields["error"] ?? "").prefix(80)))
            }
            return .ok
        case .deadShow(let queue, let id):
            guard let letter = try inspector.deadLetter(queue: queue, id: id) else { s.err("no dead letter \(id) on \(queue)"); return .error }
            if s.json { s.outJSON(.object(letter.fields.mapValues(JSONValue.string))) } else {
                for key in letter.fields.keys.sorted() { s.out(pad(key, 10) + letter.fields[key]!) }
            }
            return .ok
        case .deadRetry(let queue, let ids):
            let n = try inspector.replay(queue: queue, ids: ids)
            if s.json { s.outJSON(["replayed": .number(Double(n))]) } else { s.out("\(n) dead letter\(n == 1 ? "" : "s") put back on \(queue)") }
            return n > 0 || ids == nil ? .ok : .error
        case .deadPurge(let queue, let ids):
            let n = try inspector.purge(queue: queue, ids: ids)
            if s.json { s.outJSON(["purged": .number(Double(n))]) } else { s.out("\(n) dead letter\(n == 1 ? "" : "s") deleted from \(queue)") }
            return .ok
        }
    }

    /// One history entry as a line: time, event, then its details as `key=value`.
    static func describe(_ entry: [String: JSONValue]) -> String {
        let at = entry["at"]?.stringValue ?? "?"
        let event = entry["event"]?.stringValue ?? "?"
        let details = entry.keys.filter { $0 != "at" && $0 != "event" }.sorted().map { key -> String in
            let value = entry[key]!
            return "\(key)=\(value.stringValue ?? value.jsonString)"
        }
        return pad(at, 26) + pad(event, 17) + details.joined(separator: " ")
    }

    private static func stats(_ s: Session, _ inspector: QueueInspector, _ queues: [String]) throws -> ExitCode {
        let all = try queues.map { q throws in try inspector.stats(queue: q) }
        if s.json {
            s.outJSON(.array(all.map { st in
                .object(["queue": .string(st.queue), "length": .number(Double(st.length)), "pending": .number(Double(st.pending)),
                         "lag": .number(Double(st.lag)), "retryScheduled": .number(Double(st.retryScheduled)), "dead": .number(Double(st.dead)),
                         "processedLastMinute": .number(Double(st.lastMinute["processed"] ?? 0)),
                         "failedLastMinute": .number(Double((st.lastMinute["dead"] ?? 0) + (st.lastMinute["retried"] ?? 0))),
                         "total": .object(st.total.mapValues { .number(Double($0)) }),
                         "consumers": .array(st.consumers.map { c in
                             .object(["name": .string(c.name), "pending": .number(Double(c.pending)), "idleMs": .number(Double(c.idleMs)),
                                      "heartbeatAgeMs": c.heartbeatAgeMs.map { .number(Double($0)) } ?? .null]) })])
            }))
            return .ok
        }
        s.out(pad("QUEUE", 15) + pad("LENGTH", 8) + pad("LAG", 8) + pad("PENDING", 9) + pad("RETRY", 7) + pad("DEAD", 7) + pad("DONE/MIN", 10) + pad("FAILED/MIN", 11) + "CONSUMERS")
        for st in all {
            let failed = (st.lastMinute["dead"] ?? 0) + (st.lastMinute["retried"] ?? 0)
            s.out(pad(st.queue, 15) + pad("\(st.length)", 8) + pad("\(st.lag)", 8) + pad("\(st.pending)", 9) + pad("\(st.retryScheduled)", 7)
                  + pad("\(st.dead)", 7) + pad("\(st.lastMinute["processed"] ?? 0)", 10) + pad("\(failed)", 11) + "\(st.consumers.count)")
            for c in st.consumers {
                let beat = c.heartbeatAgeMs.map { "heartbeat \(formatDuration(ms: Int64($0))) ago" } ?? "no heartbeat (dead)"
                s.out("    \(pad(c.name, 30)) pending \(pad("\(c.pending)", 6)) idle \(pad(formatDuration(ms: Int64(c.idleMs)), 8)) \(beat)")
            }
        }
        return .ok
    }

    private static func workers(_ s: Session, _ inspector: QueueInspector, _ queues: [String]) throws -> ExitCode {
        let now = s.clock.nowMs()
        var rows: [JSONValue] = []
        if !s.json { s.out(pad("QUEUE", 15) + pad("CONSUMER", 30) + pad("LAST BEAT", 11) + pad("STARTED", 26) + pad("CONC", 6) + "PROCESSED") }
        for q in queues {
            for w in try inspector.workers(queue: q) {
                let age = now - w.lastBeatMs
                if s.json {
                    rows.append(.object(["queue": .string(q), "consumer": .string(w.consumer), "heartbeatAgeMs": .number(Double(age)),
                                         "info": .object(w.info.mapValues(JSONValue.string))]))
                } else {
                    s.out(pad(q, 15) + pad(w.consumer, 30) + pad(formatDuration(ms: age), 11) + pad(w.info["startedAt"] ?? "-", 26)
                          + pad(w.info["concurrency"] ?? "-", 6) + (w.info["processed"] ?? "-"))
                }
            }
        }
        if s.json { s.outJSON(.array(rows)) }
        return .ok
    }
}
