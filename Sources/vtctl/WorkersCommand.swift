import JobQueue

/// `vtctl workers [--queue Q]`: the live workers of each queue and their last heartbeat.
struct WorkersCommand: VtctlCommand {
    static let commands: [any VtctlCommand.Type] = [WorkersCommand.self]

    var queues: [String]

    static let words = ["workers"]
    static let usage = ["workers [--queue Q]                    live workers and their last heartbeat"]
    static let options = OptionNames(values: ["queue"])

    static func parse(_ args: Arguments) throws(UsageError) -> Self { WorkersCommand(queues: try QueueNames.selected(args)) }

    func run(_ s: Session) throws -> ExitCode {
        let inspector = QueueInspector(keys: s.keys.queue, connection: s.connection, clock: s.clock)
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
