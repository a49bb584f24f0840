import JobQueue

/// `vtctl job show JOB_ID`: a job's result and its delivery history.
enum JobCommand {
    static let commands: [any VtctlCommand.Type] = [Show.self]

    /// `job show JOB_ID`.
    struct Show: VtctlCommand {
        var jobId: String

        static let words = ["job", "show"]
        static let usage = ["job show JOB_ID                        a job's result and delivery history"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self { Show(jobId: try args.positionals(["JOB_ID"])[0]) }

        func run(_ s: Session) throws -> ExitCode {
            let inspector = QueueInspector(keys: s.keys.queue, connection: s.connection, clock: s.clock)
            let result = try inspector.result(jobId: jobId)
            let history = try inspector.history(jobId: jobId)
            if s.json {
                s.outJSON(["result": .object(result.mapValues(JSONValue.string)), "history": .array(history.map(JSONValue.object))])
            } else {
                if result.isEmpty {
                    s.out("no result for job \(jobId) (\(history.isEmpty ? "unknown, queued, running, or older than the result TTL" : "not finished yet"))")
                } else {
                    for key in result.keys.sorted() { s.out(pad(key, 12) + result[key]!) }
                }
                if !history.isEmpty {
                    s.out("history:")
                    for entry in history { s.out("  " + JobCommand.describe(entry)) }
                }
            }
            return result.isEmpty && history.isEmpty ? .error : .ok
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
}
