import RedisClient

extension Lane {
    /// A fetched entry made ready before its turn: its envelope, decoded once, and for the job of a
    /// ``PrefetchingHandler`` its plan and the replies of the plan's reads.
    struct Prepared {
        let envelope: JobEnvelope
        var plan: PrefetchPlan?
        var replies: [RedisReply] = []
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
        plans.reserveCapacity(entries.count)
        for entry in entries {
            guard let raw = entry.raw, let envelope = try? JobEnvelope.decode(raw, maxBytes: runtime.config.maxEnvelopeBytes) else { continue }
            guard let handler = runtime.spec.handlers[envelope.type] as? any PrefetchingHandler else {
                prepared[entry.id] = Prepared(envelope: envelope)
                continue
            }
            let job = Job(envelope: envelope, queue: runtime.spec.name, entryId: entry.id, attempt: entry.previousAttempts + 1)
            let plan = handler.plan(job, keys: runtime.keys)
            prepared[entry.id] = Prepared(envelope: envelope, plan: plan)
            var slots: [Int] = []
            slots.reserveCapacity(plan.reads.count)
            for command in plan.reads {
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
        guard !commands.isEmpty else { return }
        try flush()
        let replies = try connection.pipeline(commands)
        for plan in plans where !plan.slots.isEmpty { prepared[plan.entry]?.replies = plan.slots.map { replies[$0] } }
    }
}
