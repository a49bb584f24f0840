import JobQueue

/// `vtctl stats [--queue Q]`: per queue, its length, lag, pending, retries, dead letters, the
/// last minute's counts and its consumers (through `QueueInspector`, never raw keys).
struct StatsCommand: VtctlCommand {
    static let commands: [any VtctlCommand.Type] = [StatsCommand.self]

    var queues: [String]

    static let words = ["stats"]
    static let usage = ["stats [--queue Q]                      per queue: length, lag, pending, retries, dead, per minute, consumers"]
    static let options = OptionNames(values: ["queue"])

    static func parse(_ args: Arguments) throws(UsageError) -> Self { StatsCommand(queues: try QueueNames.selected(args)) }

    func run(_ s: Session) throws -> ExitCode {
        let inspector = QueueInspector(keys: s.keys.queue, connection: s.connection, clock: s.clock)
        let all = try queues.map { q throws in try inspector.stats(queue: q) }
        if s.json {
            s.outJSON(.array(all.map(Self.json)))
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

    static func json(_ st: QueueInspector.QueueStats) -> JSONValue {
        .object(["queue": .string(st.queue), "length": .number(Double(st.length)), "pending": .number(Double(st.pending)),
                 "lag": .number(Double(st.lag)), "retryScheduled": .number(Double(st.retryScheduled)), "dead": .number(Double(st.dead)),
                 "processedLastMinute": .number(Double(st.lastMinute["processed"] ?? 0)),
                 "failedLastMinute": .number(Double((st.lastMinute["dead"] ?? 0) + (st.lastMinute["retried"] ?? 0))),
                 "total": .object(st.total.mapValues { .number(Double($0)) }),
                 "consumers": .array(st.consumers.map { c in
                     .object(["name": .string(c.name), "pending": .number(Double(c.pending)), "idleMs": .number(Double(c.idleMs)),
                              "heartbeatAgeMs": c.heartbeatAgeMs.map { .number(Double($0)) } ?? .null]) })])
    }
}
