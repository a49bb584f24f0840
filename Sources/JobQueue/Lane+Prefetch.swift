import RedisClient

extension Lane {
    /// A fetched entry made ready before its turn: its envelope, decoded once, and for the job of a
    /// ``PrefetchingHandler`` the replies of its reads.
    struct Prepared {
        let envelope: JobEnvelope
        var replies: [RedisReply]?
    }

    /// Decodes the envelopes of `entries` and, when some of their handlers prefetch, sends every
    /// read those jobs need in one round trip (after the ends already pending, so the snapshot
    /// sees this lane's earlier jobs), each distinct command once. Entries that do not decode are
    /// left for ``handle`` to dead-letter as usual.
    func prefetch(_ entries: ArraySlice<StreamEntry>) throws(RedisError) {
        prepared.removeAll(keepingCapacity: true)
        var commands: [RedisCommand] = []
        var slotOf: [RedisCommand: Int] = [:]
        var plans: [(entry: String, slots: [Int])] = []
        for entry in entries {
            guard let raw = entry.raw, let envelope = try? JobEnvelope.decode(raw, maxBytes: runtime.config.maxEnvelopeBytes) else { continue }
            prepared[entry.id] = Prepared(envelope: envelope, replies: nil)
            guard let handler = runtime.spec.handlers[envelope.type] as? any PrefetchingHandler else { continue }
            let job = Job(envelope: envelope, queue: runtime.spec.name, entryId: entry.id, attempt: entry.previousAttempts + 1)
            var slots: [Int] = []
            for command in handler.reads(for: job, keys: runtime.keys) {
                if let slot = slotOf[command] {
                    slots.append(slot)
                } else {
                    slotOf[command] = commands.count
                    slots.append(commands.count)
                    commands.append(command)
                }
            }
            plans.append((entry.id, slots))
        }
        guard !plans.isEmpty else { return }
        var replies: [RedisReply] = []
        if !commands.isEmpty {
            try flush()
            replies = try connection.pipeline(commands)
        }
        for plan in plans { prepared[plan.entry]?.replies = plan.slots.map { replies[$0] } }
    }
}
