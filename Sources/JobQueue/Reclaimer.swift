import RedisClient

/// Recovers the jobs of dead workers. A consumer is dead when its heartbeat is older than
/// `deadAfterMs` (or it never had one); a slow but live worker keeps its jobs. Claimed entries go
/// to this worker's lanes; an entry delivered `maxDeliveries` times (it keeps killing workers) is
/// dead-lettered instead. Consumers with nothing pending and no heartbeat are removed.
struct Reclaimer {
    let runtime: WorkerRuntime

    func reclaim(on connection: RedisConnection) throws(RedisError) {
        let keys = runtime.keys
        let queue = runtime.spec.name
        let now = runtime.clock.nowMs()
        let cutoff = now - Int64(runtime.config.deadAfterMs)
        let summary = try connection.send("XPENDING", runtime.streamKey, runtime.group)
        let live = Set((try connection.send("ZRANGEBYSCORE", keys.heartbeats(queue), Int(cutoff), "+inf").array ?? []).compactMap(\.string))
        var pendingByConsumer: [String: Int] = [:]
        if let parts = summary.array, parts.count == 4, let consumers = parts[3].array {
            for c in consumers {
                if let pair = c.array, pair.count == 2, let name = pair[0].string { pendingByConsumer[name] = pair[1].int ?? 0 }
            }
        }
        for (consumer, count) in pendingByConsumer where count > 0 && !live.contains(consumer) && consumer != runtime.consumer {
            try claim(from: consumer, on: connection)
        }
        try forgetDeadConsumers(live: live, pending: pendingByConsumer, on: connection)
    }

    private func claim(from consumer: String, on connection: RedisConnection) throws(RedisError) {
        // IDLE filters out entries another reclaimer has just claimed (claiming resets idle time).
        let minIdle = max(runtime.config.heartbeatMs, 100)
        let details = try connection.send("XPENDING", runtime.streamKey, runtime.group, "IDLE", minIdle, "-", "+", 200, consumer)
        var ids: [String] = []
        var deliveries: [String: Int] = [:]
        for item in details.array ?? [] {
            guard let fields = item.array, fields.count == 4, let id = fields[0].string else { continue }
            ids.append(id)
            deliveries[id] = fields[3].int ?? 0
        }
        guard !ids.isEmpty else { return }
        var command = RedisCommand("XCLAIM", runtime.streamKey, runtime.group, runtime.consumer, minIdle)
        for id in ids { command.append(id) }
        let claimed = WorkerRuntime.entries(from: try connection.send(command))
        var recovered: [StreamEntry] = []
        var poison: [RedisCommand] = []
        let now = runtime.clock.nowMs()
        for entry in claimed {
            let count = (deliveries[entry.id] ?? 0) + 1
            if count > runtime.config.maxDeliveries {
                let envelope = entry.raw.flatMap { try? JobEnvelope.decode($0, maxBytes: runtime.config.maxEnvelopeBytes) }
                let jobId = envelope?.id
                let message = "delivered \(count) times without finishing: every worker that took it died (poison job)"
                poison.append(try runtime.finisher.deadCommand(entry: entry, jobId: jobId, envelope: envelope, outcome: "delivery_limit",
                                                               message: message, errors: [], attempt: entry.previousAttempts + 1,
                                                               nowMs: now, on: connection))
                runtime.logger.error("poison job dead-lettered", ["jobId": jobId.map(JSONValue.string) ?? .null, "entryId": .string(entry.id), "deliveries": .number(Double(count))])
            } else {
                recovered.append(entry)
            }
        }
        if !poison.isEmpty {
            for reply in try connection.pipeline(poison) { try reply.throwingServerError() }
            runtime.metrics.increment("dead", by: poison.count)
        }
        if !recovered.isEmpty {
            runtime.metrics.increment("reclaimed", by: recovered.count)
            runtime.logger.warning("claimed jobs of a dead worker", ["from": .string(consumer), "count": .number(Double(recovered.count))])
            runtime.addRecovered(recovered)
        }
        // Entries deleted from the stream while pending come back from XCLAIM as nothing: ack them.
        let gone = Set(ids).subtracting(claimed.map(\.id))
        if !gone.isEmpty {
            var ack = RedisCommand("XACK", runtime.streamKey, runtime.group)
            for id in gone { ack.append(id) }
            try connection.send(ack)
        }
    }

    private func forgetDeadConsumers(live: Set<String>, pending: [String: Int], on connection: RedisConnection) throws(RedisError) {
        let consumers = try connection.send("XINFO", "CONSUMERS", runtime.streamKey, runtime.group)
        let staleAfter = Int64(runtime.config.deadAfterMs) * 6
        var commands: [RedisCommand] = []
        for item in consumers.array ?? [] {
            let info = item.fieldMap
            guard let name = info["name"], name != runtime.consumer, !live.contains(name),
                  (pending[name] ?? 0) == 0, Int64(info["idle"] ?? "0") ?? 0 > staleAfter else { continue }
            commands.append(RedisCommand("XGROUP", "DELCONSUMER", runtime.streamKey, runtime.group, name))
            commands.append(RedisCommand("ZREM", runtime.keys.heartbeats(runtime.spec.name), name))
        }
        if !commands.isEmpty { _ = try connection.pipeline(commands) }
    }
}
