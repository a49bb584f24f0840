import RedisClient

/// Recovers the jobs of dead workers. A consumer (`host-pid/lane`) is dead when its process's
/// heartbeat is older than `deadAfterMs` (or it never had one); a slow but live worker keeps its
/// jobs. A dead consumer's entries are re-added to the queue as new entries, atomically (so a lost
/// reply loses nothing), counting how many workers died holding each; one that reached
/// `maxDeliveries` (it keeps killing workers) is dead-lettered instead. Consumers with nothing
/// pending and no heartbeat are removed from the group.
struct Reclaimer {
    let runtime: WorkerRuntime

    /// Claims entries still idle at least ARGV[3] ms, re-adds each job as a new entry with its
    /// `deliveries` count plus one, and acknowledges and deletes the old entry. An entry whose
    /// count reaches ARGV[4] is left claimed (by ARGV[2]) and returned, to be dead-lettered.
    /// Each re-queue goes into the job's history.
    /// KEYS[1] queue stream. ARGV[1] group, ARGV[2] claiming consumer, ARGV[3] min idle (ms),
    /// ARGV[4] max deliveries, ARGV[5] history key prefix, ARGV[6] history TTL (s), ARGV[7] now
    /// (RFC 3339), ARGV[8] the dead consumer, ARGV[9..] entry ids. Returns {re-added count, {poison ids…}}.
    static let reclaimScript = RedisScript(name: "reclaim", source: JobHistory.lua + JobHistory.keyOfEnvelopeLua + """

        local moved, poison = 0, {}
        for i = 9, #ARGV do
          local entry = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[i])[1]
          if entry then
            local job, attempts, lastError, deliveries = nil, '0', nil, 0
            local fields = entry[2] or {}
            for f = 1, #fields, 2 do
              local name, value = fields[f], fields[f + 1]
              if name == 'job' then job = value
              elseif name == 'attempts' then attempts = value
              elseif name == 'lastError' then lastError = value
              elseif name == 'deliveries' then deliveries = tonumber(value) or 0 end
            end
            deliveries = deliveries + 1
            if job and deliveries >= tonumber(ARGV[4]) then
              poison[#poison + 1] = ARGV[i]
            else
              if job then
                if lastError then
                  redis.call('XADD', KEYS[1], '*', 'job', job, 'attempts', attempts, 'deliveries', deliveries, 'lastError', lastError)
                else
                  redis.call('XADD', KEYS[1], '*', 'job', job, 'attempts', attempts, 'deliveries', deliveries)
                end
                history(historyKey(ARGV[5], job), cjson.encode({event = 'requeued', at = ARGV[7], from = ARGV[8],
                                                                deliveries = deliveries}), ARGV[6])
                moved = moved + 1
              end
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
              redis.call('XDEL', KEYS[1], ARGV[i])
            end
          end
        end
        return {moved, poison}
        """)

    func reclaim(on connection: RedisConnection) throws(RedisError) {
        let keys = runtime.keys
        let queue = runtime.spec.name
        let cutoff = runtime.clock.nowMs() - Int64(runtime.config.deadAfterMs)
        let summary = try connection.send("XPENDING", runtime.streamKey, runtime.group)
        let live = Set((try connection.send("ZRANGEBYSCORE", keys.heartbeats(queue), Int(cutoff), "+inf").array ?? []).compactMap(\.string))
        var pendingByConsumer: [String: Int] = [:]
        if let parts = summary.array, parts.count == 4, let consumers = parts[3].array {
            for c in consumers {
                if let pair = c.array, pair.count == 2, let name = pair[0].string { pendingByConsumer[name] = pair[1].int ?? 0 }
            }
        }
        for (consumer, count) in pendingByConsumer where count > 0 && isReclaimable(consumer, live: live) {
            try claim(from: consumer, on: connection)
        }
        try forgetDeadConsumers(live: live, pending: pendingByConsumer, on: connection)
    }

    /// Another process's consumer without a live heartbeat, or this process's reclaim consumer
    /// (which only ever holds poison entries between claim and dead letter).
    func isReclaimable(_ consumer: String, live: Set<String>) -> Bool {
        if consumer == runtime.reclaimConsumer { return true }
        let process = WorkerRuntime.process(ofConsumer: consumer)
        return process != runtime.consumer && !live.contains(process)
    }

    private func claim(from consumer: String, on connection: RedisConnection) throws(RedisError) {
        // IDLE leaves out entries another reclaimer has just claimed (claiming resets idle time).
        let minIdle = max(runtime.config.heartbeatMs, 100)
        let details = try connection.send("XPENDING", runtime.streamKey, runtime.group, "IDLE", minIdle, "-", "+", 200, consumer)
        let ids = (details.array ?? []).compactMap { $0.array?.first?.string }
        guard !ids.isEmpty else { return }
        let reply = try connection.eval(Self.reclaimScript, keys: [runtime.streamKey],
                                        arguments: [runtime.group, runtime.reclaimConsumer, minIdle, runtime.config.maxDeliveries,
                                                    runtime.keys.history(""), runtime.config.resultTTLSeconds,
                                                    Timestamp.rfc3339(ms: runtime.clock.nowMs()), consumer] + ids)
        let parts = reply.array ?? []
        let moved = parts.first?.int ?? 0
        let poison = (parts.count > 1 ? parts[1].array ?? [] : []).compactMap(\.string)
        if moved > 0 {
            runtime.metrics.increment("reclaimed", by: moved)
            runtime.logger.warning("re-queued jobs of a dead worker", ["from": .string(consumer), "count": .number(Double(moved))])
        }
        if !poison.isEmpty { try deadLetterPoison(poison, from: consumer, on: connection) }
    }

    private func deadLetterPoison(_ ids: [String], from consumer: String, on connection: RedisConnection) throws(RedisError) {
        let now = runtime.clock.nowMs()
        var commands: [RedisCommand] = []
        for id in ids {
            guard let entry = WorkerRuntime.entries(from: try connection.send("XRANGE", runtime.streamKey, id, id)).first else { continue }
            let envelope = entry.raw.flatMap { try? JobEnvelope.decode($0, maxBytes: runtime.config.maxEnvelopeBytes) }
            let count = entry.deliveries + 1
            let message = "delivered \(count) times without finishing: every worker that took it died (poison job)"
            commands.append(try runtime.finisher.deadCommand(entry: entry, jobId: envelope?.id, envelope: envelope, outcome: "delivery_limit",
                                                             message: message, errors: [], attempt: entry.previousAttempts + 1,
                                                             nowMs: now, on: connection))
            runtime.logger.error("poison job dead-lettered", ["jobId": envelope.map { JSONValue.string($0.id) } ?? .null,
                                                              "entryId": .string(id), "deliveries": .number(Double(count)), "from": .string(consumer)])
        }
        for reply in try connection.pipeline(commands) { try reply.throwingServerError() }
        runtime.metrics.increment("dead", by: commands.count)
    }

    private func forgetDeadConsumers(live: Set<String>, pending: [String: Int], on connection: RedisConnection) throws(RedisError) {
        let consumers = try connection.send("XINFO", "CONSUMERS", runtime.streamKey, runtime.group)
        let staleAfter = Int64(runtime.config.deadAfterMs) * 6
        var commands: [RedisCommand] = []
        for item in consumers.array ?? [] {
            let info = item.fieldMap
            guard let name = info["name"], WorkerRuntime.process(ofConsumer: name) != runtime.consumer,
                  !live.contains(WorkerRuntime.process(ofConsumer: name)),
                  (pending[name] ?? 0) == 0, Int64(info["idle"] ?? "0") ?? 0 > staleAfter else { continue }
            commands.append(RedisCommand("XGROUP", "DELCONSUMER", runtime.streamKey, runtime.group, name))
            commands.append(RedisCommand("ZREM", runtime.keys.heartbeats(runtime.spec.name), WorkerRuntime.process(ofConsumer: name)))
        }
        if !commands.isEmpty { _ = try connection.pipeline(commands) }
    }
}
