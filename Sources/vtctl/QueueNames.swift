import WireContract

/// The queues operator commands name: the wire contract's, plus the runtime's own `test` queue.
enum QueueNames {
    /// Every contract queue, in `vtctl stats` order.
    static let all = WireContract.queueNames

    /// `queue` when vtctl knows it.
    static func checked(_ queue: String) throws(UsageError) -> String {
        guard all.contains(queue) || queue == "test" else { throw UsageError("unknown queue \(queue) (\(all.joined(separator: ", ")))") }
        return queue
    }

    /// `--queue Q` (checked) or every queue; no positional allowed.
    static func selected(_ args: Arguments) throws(UsageError) -> [String] {
        _ = try args.positionals([])
        guard let q = args.values["queue"] else { return all }
        return [try checked(q)]
    }
}
