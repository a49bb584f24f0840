import JobQueue

/// `vtctl dead list|show|retry|purge`: a queue's dead letters, through `QueueInspector`.
enum DeadCommand {
    static let commands: [any VtctlCommand.Type] = [List.self, Show.self, Retry.self, Purge.self]

    /// `dead list QUEUE [--count N]`: newest first.
    struct List: VtctlCommand {
        var queue: String
        var count: Int

        static let words = ["dead", "list"]
        static let usage = ["dead list QUEUE [--count N]            newest dead letters first"]
        static let options = OptionNames(values: ["count"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let queue = try args.positionals(["QUEUE"])[0]
            guard let count = Int(args.values["count"] ?? "20"), count > 0 else { throw UsageError("--count must be a positive number") }
            return List(queue: try QueueNames.checked(queue), count: count)
        }

        func run(_ s: Session) throws -> ExitCode {
            let letters = try DeadCommand.inspector(s).deadLetters(queue: queue, count: count)
            if s.json { s.outJSON(.array(letters.map { .object(["entryId": .string($0.id), "fields": .object($0.fields.mapValues(JSONValue.string))]) })); return .ok }
            if letters.isEmpty { s.out("no dead letters on \(queue)"); return .ok }
            s.out(pad("ENTRY", 18) + pad("JOB", 28) + pad("REASON", 20) + pad("FAILED", 26) + "ERROR")
            for l in letters {
                s.out(pad(l.id, 18) + pad(l.jobId ?? "-", 28) + pad(l.reason, 20) + pad(l.fields["failedAt"] ?? "", 26) + String((l.fields["error"] ?? "").prefix(80)))
            }
            return .ok
        }
    }

    /// `dead show QUEUE ENTRY_ID`.
    struct Show: VtctlCommand {
        var queue: String
        var entryId: String

        static let words = ["dead", "show"]
        static let usage = ["dead show QUEUE ENTRY_ID"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let p = try args.positionals(["QUEUE", "ENTRY_ID"])
            return Show(queue: try QueueNames.checked(p[0]), entryId: p[1])
        }

        func run(_ s: Session) throws -> ExitCode {
            guard let letter = try DeadCommand.inspector(s).deadLetter(queue: queue, id: entryId) else {
                s.err("no dead letter \(entryId) on \(queue)")
                return .error
            }
            if s.json { s.outJSON(.object(letter.fields.mapValues(JSONValue.string))) } else {
                for key in letter.fields.keys.sorted() { s.out(pad(key, 10) + letter.fields[key]!) }
            }
            return .ok
        }
    }

    /// `dead retry QUEUE ENTRY_ID…|--all`: puts dead letters back on their queue.
    struct Retry: VtctlCommand {
        var queue: String
        /// nil: every dead letter of the queue.
        var entryIds: [String]?

        static let words = ["dead", "retry"]
        static let usage = ["dead retry QUEUE ENTRY_ID…|--all       put dead letters back on their queue"]
        static let options = OptionNames(flags: ["all"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let (queue, ids) = try DeadCommand.selection("retry", args)
            return Retry(queue: queue, entryIds: ids)
        }

        func run(_ s: Session) throws -> ExitCode {
            let n = try DeadCommand.inspector(s).replay(queue: queue, ids: entryIds)
            if s.json { s.outJSON(["replayed": .number(Double(n))]) } else { s.out("\(n) dead letter\(n == 1 ? "" : "s") put back on \(queue)") }
            return n > 0 || entryIds == nil ? .ok : .error
        }
    }

    /// `dead purge QUEUE ENTRY_ID…|--all`.
    struct Purge: VtctlCommand {
        var queue: String
        /// nil: every dead letter of the queue.
        var entryIds: [String]?

        static let words = ["dead", "purge"]
        static let usage = ["dead purge QUEUE ENTRY_ID…|--all"]
        static let options = OptionNames(flags: ["all"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let (queue, ids) = try DeadCommand.selection("purge", args)
            return Purge(queue: queue, entryIds: ids)
        }

        func run(_ s: Session) throws -> ExitCode {
            let n = try DeadCommand.inspector(s).purge(queue: queue, ids: entryIds)
            if s.json { s.outJSON(["purged": .number(Double(n))]) } else { s.out("\(n) dead letter\(n == 1 ? "" : "s") deleted from \(queue)") }
            return .ok
        }
    }

    /// The queue and the entry ids (nil for `--all`) of `dead retry|purge`.
    static func selection(_ verb: String, _ args: Arguments) throws(UsageError) -> (queue: String, ids: [String]?) {
        guard let queue = args.positionals.first else { throw UsageError("dead \(verb) needs QUEUE and ENTRY_ID… or --all") }
        let ids = Array(args.positionals.dropFirst())
        guard args.flags.contains("all") != !ids.isEmpty else { throw UsageError("dead \(verb): give entry ids or --all (not both)") }
        return (try QueueNames.checked(queue), args.flags.contains("all") ? nil : ids)
    }

    static func inspector(_ s: Session) -> QueueInspector { QueueInspector(keys: s.keys.queue, connection: s.connection, clock: s.clock) }
}
