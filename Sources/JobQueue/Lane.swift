import Foundation
import RedisClient

/// One in-flight slot of a worker: a thread with its own Redis connection that fetches a batch,
/// runs each job's handler, and ends each delivery with one atomic script. Ends of deliveries
/// are pipelined until a handler reads state or a commit carries guards, so cheap jobs cost a
/// fraction of a round trip each. The jobs of a ``PrefetchingHandler`` read together before the
/// batch (Lane+Prefetch.swift) and commit together, guards included; one that loses a guard race
/// is handled again after the flush that found it.
final class Lane {
    let index: Int
    let runtime: WorkerRuntime
    let connection: RedisConnection
    private var pending: [Pending] = []
    /// Entry id → the envelope decoded and, for a prefetching handler's job, its reads' replies.
    var prepared: [String: Prepared] = [:]
    /// Entries whose batched commit lost a guard race: handled again once the current pass is over.
    var reruns: [StreamEntry] = []
    /// Entry id → guard conflicts of its batched commits so far (cleared when it finishes).
    var conflictCounts: [String: Int] = [:]
    private var context: JobContext!
    /// Moving average of one job's handling time; sizes the next fetch so a batch holds about
    /// `batchBudgetNs` of work: many fast jobs per fetch, one slow job at a time (fair to other lanes).
    private var averageJobNs = 0.0
    private static let batchBudgetNs = 20_000_000.0

    /// A delivery's end, written to the pipeline but not yet confirmed.
    private struct Pending {
        enum Kind {
            case batched, commit, retry, dead

            func resultLabel(_ status: ResultStatus?) -> String {
                switch self {
                case .batched, .commit: return status == .rejected ? "rejected" : "done"
                case .retry: return "retried"
                case .dead: return "dead"
                }
            }
        }
        let kind: Kind
        let entry: StreamEntry
        let command: RedisCommand
        let jobId: String?
        let type: String?
        let traceId: String?
        let outcome: String
        let status: ResultStatus?
        let startedNs: UInt64
        /// The claim's result (status, outcome), written instead when its field is taken.
        var claimTaken: (ResultStatus, String)? = nil
    }

    init(index: Int, runtime: WorkerRuntime, connection: RedisConnection) {
        self.index = index
        self.runtime = runtime
        self.connection = connection
        self.context = JobContext(clock: runtime.clock, keys: runtime.keys, logger: runtime.logger, worker: runtime.consumer, metrics: runtime.metrics,
                                  connection: connection, beforeRead: { [unowned self] in try self.flush() },
                                  openScratch: { [runtime] in try RedisConnection(runtime.redis, clientName: "\(runtime.consumer):scratch-\(index)") },
                                  replicasHold: { [runtime, connection] in try runtime.replicasHold(on: connection) })
    }

    var role: String { "lane\(index)" }

    /// This lane's consumer name in the group.
    var consumer: String { runtime.laneConsumer(index) }

    /// Runs until the worker stops.
    func run() {
        var batch: [StreamEntry] = []
        var mustRecover = false
        while true {
            do {
                if mustRecover {
                    // A fetch whose reply was lost still delivered its entries to this consumer:
                    // take back everything pending for it that this lane does not hold.
                    batch = try ownPending(excluding: batch) + batch
                    mustRecover = false
                }
                if batch.isEmpty {
                    if runtime.isStopping { break }
                    batch = try fetch()
                }
                try process(&batch)
            } catch {
                // Redis failed us. Unconfirmed ends go back to the batch front; their scripts are
                // idempotent, so sending them again is safe.
                batch = pending.map(\.entry) + reruns + batch
                pending.removeAll()
                reruns.removeAll()
                if error.breaksConnection {
                    if !runtime.reconnect(connection, after: error, role: role) { break }
                } else if error.refusesWrites {
                    runtime.backOff(afterRefusal: error, role: role)
                } else {
                    runtime.logger.error("Redis refused a command; pausing this lane for a second", ["error": .string(error.description), "role": .string(role)])
                    usleep(1_000_000)
                }
                try? runtime.ensureGroup(on: connection)
                mustRecover = true
            }
        }
        if !batch.isEmpty || !pending.isEmpty || !reruns.isEmpty { handBack(pending.map(\.entry) + reruns + batch) }
    }

    /// Entries pending for this lane's consumer that are not in `held` (oldest first).
    private func ownPending(excluding held: [StreamEntry]) throws(RedisError) -> [StreamEntry] {
        let reply: RedisReply
        do {
            reply = try connection.send("XREADGROUP", "GROUP", runtime.group, consumer, "COUNT", 10_000, "STREAMS", runtime.streamKey, "0")
        } catch where error.kind == .server && error.message.hasPrefix("NOGROUP") {
            return []   // not made yet (Redis refused writes at start): the next fetch makes it
        }
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2 else { return [] }
        let heldIds = Set(held.map(\.id))
        let mine = WorkerRuntime.entries(from: first[1]).filter { !heldIds.contains($0.id) }
        if !mine.isEmpty {
            runtime.logger.warning("recovered entries delivered to this lane before the connection broke", ["count": .number(Double(mine.count)), "role": .string(role)])
        }
        return mine
    }

    private func fetch() throws(RedisError) -> [StreamEntry] {
        let reply: RedisReply
        do {
            reply = try connection.send("XREADGROUP", "GROUP", runtime.group, consumer,
                                        "COUNT", fetchCount, "BLOCK", runtime.config.blockMs,
                                        "STREAMS", runtime.streamKey, ">")
        } catch where error.kind == .server && error.message.hasPrefix("NOGROUP") {
            try runtime.ensureGroup(on: connection)
            return []
        }
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2 else { return [] }
        return WorkerRuntime.entries(from: first[1])
    }

    /// How many entries the next fetch asks for: up to `VT_FETCH_COUNT`, fewer for slow jobs.
    var fetchCount: Int {
        guard averageJobNs > 0 else { return min(runtime.config.fetchCount, 8) }
        return max(1, min(runtime.config.fetchCount, Int(Self.batchBudgetNs / averageJobNs)))
    }

    /// Processes the batch front to back, removing each entry once its end is in the pipeline;
    /// then the entries whose batched commit lost a guard race, until none is left.
    private func process(_ batch: inout [StreamEntry]) throws(RedisError) {
        var done = 0
        defer { batch.removeFirst(done) }
        try prefetch(batch[...])
        while true {
            while done < batch.count {
                if runtime.isStopping {
                    try flush()
                    handBack(Array(batch[done...]) + reruns)
                    reruns.removeAll()
                    done = batch.count
                    return
                }
                let started = monotonicNs()
                let entry = batch[done]
                try handle(entry, conflicts: conflictCounts.isEmpty ? 0 : conflictCounts[entry.id] ?? 0)
                let took = Double(monotonicNs() - started)
                averageJobNs = averageJobNs == 0 ? took : averageJobNs * 0.9 + took * 0.1
                done += 1
                // Pipelining must not hold finished jobs back: flush once the oldest end waited 5 ms.
                if let oldest = pending.first?.startedNs, monotonicNs() - oldest > 5_000_000 { try flush() }
            }
            try flush()
            guard !reruns.isEmpty else { return }
            batch.append(contentsOf: reruns)
            reruns.removeAll()
        }
    }

    // MARK: - One delivery

    /// Guard conflicts one delivery may meet before it counts as a failed attempt.
    static let maxConflicts = 20

    func handle(_ entry: StreamEntry, conflicts: Int = 0, steps: Int = 0) throws(RedisError) {
        let started = monotonicNs()
        let now = runtime.clock.nowMs()
        let attempt = entry.previousAttempts + 1
        let prepared = self.prepared.removeValue(forKey: entry.id)
        guard let raw = entry.raw else {
            try deadLetter(entry, jobId: nil, envelope: nil, outcome: "malformed", message: "stream entry has no `job` field",
                           errors: [FieldError(field: "", code: "envelope.missing", message: "the stream entry has no `job` field")],
                           attempt: attempt, now: now, started: started)
            return
        }
        let envelope: JobEnvelope
        if let decoded = prepared?.envelope {
            envelope = decoded
        } else {
            do {
                envelope = try JobEnvelope.decode(raw, maxBytes: runtime.config.maxEnvelopeBytes)
            } catch {
                try deadLetter(entry, jobId: error.jobId, envelope: nil, outcome: "malformed", message: "malformed envelope: \(error.description)",
                               errors: error.errors, attempt: attempt, now: now, started: started)
                return
            }
        }
        guard let handler = runtime.spec.handlers[envelope.type] else {
            let (code, message) = runtime.directory.refusal(type: envelope.type, on: runtime.spec.name)
            try deadLetter(entry, jobId: envelope.id, envelope: envelope, outcome: code, message: message,
                           errors: [FieldError(field: "type", code: "envelope.\(code)", message: message)],
                           attempt: attempt, now: now, started: started)
            return
        }
        if conflicts > Self.maxConflicts {
            // Only a batched commit's re-runs get here (a single commit stops at the limit below).
            conflictCounts[entry.id] = nil
            try fail(entry, envelope: envelope, attempt: attempt, error: "state kept changing under this job (\(conflicts) conflicts)", now: now, started: started)
            return
        }
        let job = Job(envelope: envelope, queue: runtime.spec.name, entryId: entry.id, attempt: attempt)
        let prefetching = handler as? any PrefetchingHandler
        let outcome: JobOutcome
        do {
            if let prefetching, let plan = prepared?.plan {
                outcome = try prefetching.handle(job, plan: plan, replies: prepared?.replies ?? [], context: context)
            } else {
                outcome = try handler.handle(job, context: context)
            }
        } catch let error as RedisError where error.breaksConnection || error.refusesWrites {
            throw error
        } catch let error as MalformedJobError {
            try deadLetter(entry, jobId: envelope.id, envelope: envelope, outcome: error.code, message: "payload refused: \(error.description)",
                           errors: error.errors, attempt: attempt, now: now, started: started)
            return
        } catch {
            try fail(entry, envelope: envelope, attempt: attempt, error: String(describing: error), now: now, started: started)
            return
        }
        if outcome.isStep {
            try commitStep(entry, job: job, outcome: outcome, conflicts: conflicts, steps: steps, now: now, started: started)
            return
        }
        if outcome.status == .dead {
            try deadLetter(entry, jobId: envelope.id, envelope: envelope, outcome: outcome.outcome, message: outcome.message,
                           errors: outcome.errors, attempt: attempt, now: now, started: started)
            return
        }
        // Unguarded commits, and every commit of a prefetching handler, travel together in one
        // batch script at flush; other guarded ones alone.
        let batched = outcome.guards.isEmpty || prefetching != nil
        let command = batched
            ? runtime.finisher.batchSegment(job: job, outcome: outcome, nowMs: now)
            : try runtime.finisher.commitCommand(job: job, outcome: outcome, nowMs: now, on: connection)
        pending.append(Pending(kind: batched ? .batched : .commit, entry: entry, command: command, jobId: envelope.id, type: envelope.type,
                               traceId: envelope.traceId, outcome: outcome.outcome, status: outcome.status, startedNs: started,
                               claimTaken: outcome.claim.map { ($0.takenStatus, $0.takenOutcome) }))
        if !batched {
            // A guarded commit is confirmed at once, so a lost race is re-run on fresh state now.
            let conflicted = try flush()
            if conflicted.contains(where: { $0.id == entry.id }) {
                runtime.metrics.increment("conflicts")
                if conflicts >= Self.maxConflicts {
                    try fail(entry, envelope: envelope, attempt: attempt, error: "state kept changing under this job (20 conflicts)", now: now, started: started)
                } else {
                    try handle(entry, conflicts: conflicts + 1, steps: steps)
                }
            }
        }
    }

    func fail(_ entry: StreamEntry, envelope: JobEnvelope, attempt: Int, error: String, now: Int64, started: UInt64) throws(RedisError) {
        switch runtime.policy.disposition(afterAttempt: attempt, nowMs: now) {
        case .retry(let dueMs):
            let command = try runtime.finisher.retryCommand(entry: entry, jobId: envelope.id, attempt: attempt, dueMs: dueMs, error: error,
                                                                 nowMs: now, on: connection)
            runtime.logger.warning("job failed, will retry", ["jobId": .string(envelope.id), "type": .string(envelope.type),
                "traceId": envelope.traceId.map(JSONValue.string) ?? .null, "attempt": .number(Double(attempt)),
                "retryInMs": .number(Double(dueMs - now)), "error": .string(error)])
            pending.append(Pending(kind: .retry, entry: entry, command: command, jobId: envelope.id, type: envelope.type,
                                   traceId: envelope.traceId, outcome: "retry", status: nil, startedNs: started))
        case .dead(let reason):
            try deadLetter(entry, jobId: envelope.id, envelope: envelope, outcome: "retries_exhausted", message: "\(reason); last error: \(error)",
                           errors: [], attempt: attempt, now: now, started: started)
        }
    }

    private func deadLetter(_ entry: StreamEntry, jobId: String?, envelope: JobEnvelope?, outcome: String, message: String,
                            errors: [FieldError], attempt: Int, now: Int64, started: UInt64) throws(RedisError) {
        let command = try runtime.finisher.deadCommand(entry: entry, jobId: jobId, envelope: envelope, outcome: outcome, message: message,
                                                       errors: errors, attempt: attempt, nowMs: now, on: connection)
        pending.append(Pending(kind: .dead, entry: entry, command: command, jobId: jobId, type: envelope?.type,
                               traceId: envelope?.traceId, outcome: outcome, status: .dead, startedNs: started))
        runtime.logger.warning("job dead-lettered", ["jobId": jobId.map(JSONValue.string) ?? .null, "entryId": .string(entry.id),
            "queue": .string(runtime.spec.name), "outcome": .string(outcome), "reason": .string(message)])
    }

    // MARK: - Pipeline

    /// Sends every pending end in one round trip. Returns the single commits whose guards failed
    /// (to be re-run by the caller); batched ones that failed go to ``reruns``. Reloads scripts
    /// after NOSCRIPT; a script error leaves the entry to be tried again later.
    @discardableResult
    func flush() throws(RedisError) -> [StreamEntry] {
        guard !pending.isEmpty else { return [] }
        let batched = pending.filter { $0.kind == .batched }
        let single = pending.filter { $0.kind != .batched }
        var commands = single.map(\.command)
        if !batched.isEmpty {
            commands.append(try runtime.finisher.batchCommand(resultKeys: batched.map { runtime.keys.result($0.jobId ?? "") },
                                                              segments: batched.map(\.command), on: connection))
        }
        var replies = try connection.pipeline(commands)
        if replies.contains(where: \.isNoScript) {
            try reloadScripts()
            for i in replies.indices where replies[i].isNoScript {
                replies[i] = (try? connection.pipeline([commands[i]]))?.first ?? .error("resend failed")
            }
        }
        // Redis refuses writes for now (OOM…): every end stays pending and is tried again after a
        // backoff (the ends that did go through are idempotent); no attempt is counted.
        if let refusal = replies.lazy.compactMap(\.writeRefusal).first { throw RedisError(.server, refusal) }
        // With VT_REDIS_MIN_REPLICAS: nothing is reported before the replicas hold these ends.
        try runtime.awaitReplicas(on: connection, role: role)
        runtime.writesAccepted()
        if !batched.isEmpty {
            let batchReply = replies.removeLast()
            if let each = batchReply.array {
                replies += each
            } else {
                // One job's effect failed and Redis aborted the whole batch script: send each job
                // alone (a batch of one), so only the faulty job pays for it.
                let alone = try batched.map { item throws(RedisError) in
                    try runtime.finisher.batchCommand(resultKeys: [runtime.keys.result(item.jobId ?? "")], segments: [item.command], on: connection)
                }
                replies += try connection.pipeline(alone).map { $0.array?.first ?? $0 }
            }
        }
        var conflicted: [StreamEntry] = []
        var refused: [(StreamEntry, String)] = []
        let items = single + batched
        pending.removeAll(keepingCapacity: true)
        var counts: [String: Int] = [:]
        defer { runtime.metrics.add(counts) }
        let finishedNs = monotonicNs()
        for (item, reply) in zip(items, replies) {
            if !conflictCounts.isEmpty, reply != .integer(-1) { conflictCounts[item.entry.id] = nil }
            switch reply {
            case .integer(1), .integer(2):
                let taken = reply == .integer(2) ? item.claimTaken : nil
                let status = taken?.0 ?? item.status
                if taken != nil { counts["claims_taken", default: 0] += 1 }
                switch item.kind {
                case .commit, .batched: counts[status == .rejected ? "rejected" : "processed", default: 0] += 1
                case .retry: counts["retried", default: 0] += 1
                case .dead: counts["dead", default: 0] += 1
                }
                let tookNs = Int(finishedNs - item.startedNs)
                counts["handled_ns", default: 0] += tookNs
                counts[JobMetrics.durationBucketKey(ns: tookNs), default: 0] += 1
                if let type = item.type { counts[JobMetrics.typeKey(type: type, result: item.kind.resultLabel(status)), default: 0] += 1 }
                if runtime.logger.isEnabled(.debug) {
                    runtime.logger.debug("job finished", ["jobId": item.jobId.map(JSONValue.string) ?? .null,
                        "type": item.type.map(JSONValue.string) ?? .null, "traceId": item.traceId.map(JSONValue.string) ?? .null,
                        "outcome": .string(taken?.1 ?? item.outcome), "entryId": .string(item.entry.id)])
                }
            case .integer(0):
                counts["duplicates", default: 0] += 1
                runtime.logger.info("delivery already finished; nothing applied", ["jobId": item.jobId.map(JSONValue.string) ?? .null, "entryId": .string(item.entry.id)])
            case .integer(-1) where item.kind == .batched:
                runtime.metrics.increment("conflicts")
                conflictCounts[item.entry.id, default: 0] += 1
                reruns.append(item.entry)
            case .integer(-1):
                conflicted.append(item.entry)
            default:
                counts["script_errors", default: 0] += 1
                runtime.logger.error("Redis refused to finish a job", ["jobId": item.jobId.map(JSONValue.string) ?? .null,
                    "entryId": .string(item.entry.id), "reply": .string(String(describing: reply))])
                refused.append((item.entry, String(describing: reply)))
            }
        }
        try failRefused(refused)
        return conflicted
    }

    func reloadScripts() throws(RedisError) {
        for script in [JobFinisher.commit, JobFinisher.commitBatch, JobFinisher.scheduleRetry, JobFinisher.deadLetter, JobFinisher.step,
                       Self.handBackScript] {
            try connection.load(script)
        }
    }
}
