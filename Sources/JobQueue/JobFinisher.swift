import RedisClient

/// Builds the one atomic Redis call that ends a delivery: commit (effects + result + ack),
/// schedule a retry, or dead-letter. Each script first makes sure the delivery is still owed:
/// a job whose result exists, or an entry already acknowledged, changes nothing.
struct JobFinisher: Sendable {
    let keys: QueueKeys
    let queue: String
    let worker: String
    let resultTTLSeconds: Int

    /// The first line of every script that ends a delivery: a Redis 7 shebang without flags, so
    /// Redis refuses the whole script with `OOM` up front when maxmemory is reached. Without it a
    /// script is only checked at its first write, and the `XACK` these begin with (a write that
    /// may not grow memory) would let every later write past maxmemory. A refused end leaves the
    /// job pending; the lane backs off and tries again (WriteRefusals).
    static let refusedWhenFull = "#!lua\n"

    /// Commit: apply a handler's effects with the job's result and ack, once.
    /// KEYS[1] result hash, KEYS[2] queue stream, KEYS[3..] keys the guards and the claim touch
    /// (declared for Redis Cluster hash-slot checks; the script addresses them through ARGV).
    /// ARGV: group, entry id, result TTL (s), guard count, then per guard key/field/expected (an
    /// empty field compares the key's EXISTS, "1" or "0"), claim key/field/value (an empty key:
    /// no claim), effect count, then per effect argc and its arguments, result field count and
    /// the result's field/value pairs, then the claim-taken result's pairs (to the end).
    /// Returns 1 applied, 2 claim already taken (its result written, no effect applied), 0 already
    /// finished (result exists or entry no longer pending: nothing written), -1 a guard failed
    /// (nothing written; the entry stays pending for a re-run).
    static let commit = RedisScript(name: "commit", source: JobFinisher.refusedWhenFull + guardsLua + """

        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
          redis.call('XDEL', KEYS[2], ARGV[2])
          return 0
        end
        local i = guards_hold(5, tonumber(ARGV[4]))
        if i == nil then return -1 end
        if redis.call('XACK', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
        local claim = i
        local taken = ARGV[claim] ~= '' and redis.call('HEXISTS', ARGV[claim], ARGV[claim + 1]) == 1
        i = i + 3
        local effects = tonumber(ARGV[i])
        i = i + 1
        for _ = 1, effects do
          local argc = tonumber(ARGV[i])
          if not taken then redis.call(unpack(ARGV, i + 1, i + argc)) end
          i = i + argc + 1
        end
        local nf = tonumber(ARGV[i])
        if taken then
          redis.call('HSET', KEYS[1], unpack(ARGV, i + nf + 1, #ARGV))
        else
          if ARGV[claim] ~= '' then redis.call('HSET', ARGV[claim], ARGV[claim + 1], ARGV[claim + 2]) end
          redis.call('HSET', KEYS[1], unpack(ARGV, i + 1, i + nf))
        end
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('XDEL', KEYS[2], ARGV[2])
        if taken then return 2 end
        return 1
        """)

    /// Commit many jobs in one call: per job (a segment), unless its result already exists, check
    /// its guards (a failed one leaves that job unapplied and pending, to be re-run), check its
    /// claim, apply its effects and write its result (or, with its claim taken, only the claim's
    /// result); then one XACK and one XDEL for every entry that is finished. A guard's value is
    /// read once per call and reused by later segments until an effect, a claim or a result
    /// names its key (a batch of learning records guards on one class hash a thousand times).
    /// KEYS[1] queue stream, KEYS[2..n+1] each job's result hash. ARGV[1] group, ARGV[2] result
    /// TTL (s), ARGV[3] n, then per job: entry id, guard count, per guard key/field/expected, claim
    /// key/field/value (empty key: none), effect count, per effect argc and its arguments, result
    /// field count, result fields, claim-taken result field count, those fields.
    /// Returns an array: 1 applied, 2 claim taken, 0 already done, -1 a guard failed.
    static let commitBatch = RedisScript(name: "commit-batch", source: JobFinisher.refusedWhenFull + guardsLua + """

        local out, ids, i = {}, {}, 4
        local cache, cached, sep = {}, {}, string.char(0)
        local function touch(key)
          if cached[key] then cache, cached = {}, {} end
        end
        for j = 1, tonumber(ARGV[3]) do
          local entry = ARGV[i]
          local state = 1
          if redis.call('EXISTS', KEYS[j + 1]) == 1 then state = 0 end
          local guards = tonumber(ARGV[i + 1])
          i = i + 2
          for _ = 1, guards do
            if state == 1 then
              local slot = ARGV[i] .. sep .. ARGV[i + 1]
              local current = cache[slot]
              if current == nil then
                current = guard_value(ARGV[i], ARGV[i + 1])
                cache[slot] = current
                cached[ARGV[i]] = true
              end
              if current ~= ARGV[i + 2] then state = -1 end
            end
            i = i + 3
          end
          local claim = i
          if state == 1 and ARGV[claim] ~= '' and redis.call('HEXISTS', ARGV[claim], ARGV[claim + 1]) == 1 then state = 2 end
          i = i + 3
          local effects = tonumber(ARGV[i])
          i = i + 1
          for _ = 1, effects do
            local argc = tonumber(ARGV[i])
            if state == 1 then
              for a = i + 2, i + argc do touch(ARGV[a]) end
              redis.call(unpack(ARGV, i + 1, i + argc))
            end
            i = i + argc + 1
          end
          local nf = tonumber(ARGV[i])
          if state == 1 then
            if ARGV[claim] ~= '' then
              touch(ARGV[claim])
              redis.call('HSET', ARGV[claim], ARGV[claim + 1], ARGV[claim + 2])
            end
            touch(KEYS[j + 1])
            redis.call('HSET', KEYS[j + 1], unpack(ARGV, i + 1, i + nf))
            redis.call('EXPIRE', KEYS[j + 1], ARGV[2])
          end
          i = i + nf + 1
          local nt = tonumber(ARGV[i])
          if state == 2 then
            touch(KEYS[j + 1])
            redis.call('HSET', KEYS[j + 1], unpack(ARGV, i + 1, i + nt))
            redis.call('EXPIRE', KEYS[j + 1], ARGV[2])
          end
          i = i + nt + 1
          out[j] = state
          if state ~= -1 then ids[#ids + 1] = entry end
        end
        if #ids > 0 then
          redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
          redis.call('XDEL', KEYS[1], unpack(ids))
        end
        return out
        """)

    /// One job's part of a `commitBatch` call: its arguments (a command whose name is the entry id).
    func batchSegment(job: Job, outcome: JobOutcome, nowMs: Int64) -> RedisCommand {
        var segment = RedisCommand(job.entryId)
        segment.append(outcome.guards.count)
        for g in outcome.guards {
            segment.append(g.key)
            segment.append(g.field)
            segment.append(g.expected)
        }
        appendClaimAndEffects(of: outcome, to: &segment)
        let fields = resultFields(status: outcome.status, outcome: outcome.outcome, message: outcome.message,
                                  errors: outcome.errors, attempt: job.attempt, envelope: job.envelope,
                                  extra: outcome.fields, nowMs: nowMs)
        segment.append(fields.count)
        for f in fields { segment.append(f) }
        let taken = Self.claimTaken(outcome.claim, fields: fields)
        segment.append(taken.count)
        for f in taken { segment.append(f) }
        return segment
    }

    /// The claim's key, field and value (three empty arguments without one), then the effects.
    private func appendClaimAndEffects(of outcome: JobOutcome, to command: inout RedisCommand) {
        command.append(outcome.claim?.key ?? "")
        command.append(outcome.claim?.field ?? "")
        command.append(outcome.claim?.value ?? "")
        command.append(outcome.effects.count)
        for effect in outcome.effects {
            command.append(effect.count)
            command.append(argumentsOf: effect)
        }
    }

    /// The result written instead when `claim` is taken (none without a claim): `fields` (the
    /// outcome's result, laid out by ``resultFields``: status, outcome, message first, errors
    /// after the seven fixed fields) with the claim's status, outcome and message, and no errors.
    static func claimTaken(_ claim: Claim?, fields: [String]) -> [String] {
        guard let claim else { return [] }
        var taken = fields
        taken[1] = claim.takenStatus.rawValue
        taken[3] = claim.takenOutcome
        taken[5] = claim.takenMessage
        if taken.count > 15, taken[14] == "errors" { taken.removeSubrange(14...15) }
        return taken
    }

    /// The `commitBatch` call for segments of jobs with these result keys.
    func batchCommand(resultKeys: [String], segments: [RedisCommand], on connection: RedisConnection) throws(RedisError) -> RedisCommand {
        var command = RedisCommand("EVALSHA")
        command.append(try connection.digest(of: Self.commitBatch))
        command.append(1 + resultKeys.count)
        command.append(keys.queue(queue))
        for k in resultKeys { command.append(k) }
        command.append(keys.group(queue))
        command.append(resultTTLSeconds)
        command.append(segments.count)
        for s in segments { command.append(argumentsOf: s) }
        return command
    }

    /// Retry later: move the delivery to the retry schedule, and say so in the job's history.
    /// KEYS[1] queue stream, KEYS[2] retry sorted set, KEYS[3] history list ('' without a job id).
    /// ARGV: group, entry id, due time (ms), member, history entry, history TTL (s).
    /// Returns 1 scheduled, 0 entry no longer pending (nothing written).
    static let scheduleRetry = RedisScript(name: "schedule-retry", source: JobFinisher.refusedWhenFull + JobHistory.lua + """

        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        redis.call('XDEL', KEYS[1], ARGV[2])
        history(KEYS[3], ARGV[5], ARGV[6])
        return 1
        """)

    /// Dead-letter: append to the dead stream, record the `dead` result (unless one exists) and
    /// add the dead letter to the job's history.
    /// KEYS[1] queue stream, KEYS[2] dead stream, KEYS[3] result hash and KEYS[4] history list, both
    /// '' when the job id is unknown. ARGV: group, entry id, result TTL (s), history entry, dead
    /// field count n, n dead fields (name/value), then result field/value pairs.
    /// Returns 1 dead-lettered, 0 entry no longer pending.
    static let deadLetter = RedisScript(name: "dead-letter", source: JobFinisher.refusedWhenFull + JobHistory.lua + """

        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        local n = tonumber(ARGV[5])
        redis.call('XADD', KEYS[2], '*', unpack(ARGV, 6, 5 + n))
        if KEYS[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 0 and #ARGV > 5 + n then
          redis.call('HSET', KEYS[3], unpack(ARGV, 6 + n, #ARGV))
          redis.call('EXPIRE', KEYS[3], ARGV[3])
        end
        history(KEYS[4], ARGV[4], ARGV[3])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return 1
        """)

    func resultFields(status: ResultStatus, outcome: String, message: String, errors: [FieldError], attempt: Int,
                      envelope: JobEnvelope?, extra: [(String, String)], nowMs: Int64) -> [String] {
        var f = ["status", status.rawValue, "outcome", outcome, "message", message,
                 "finishedAt", Timestamp.rfc3339(ms: nowMs), "attempts", String(attempt), "worker", worker, "queue", queue]
        if !errors.isEmpty { f += ["errors", FieldError.jsonArray(errors)] }
        if let envelope {
            f += ["type", envelope.type]
            if let trace = envelope.traceId { f += ["traceId", trace] }
        }
        for (k, v) in extra { f += [k, v] }
        return f
    }

    func commitCommand(job: Job, outcome: JobOutcome, nowMs: Int64, on connection: RedisConnection) throws(RedisError) -> RedisCommand {
        var command = RedisCommand("EVALSHA")
        command.append(try connection.digest(of: Self.commit))
        command.append(2 + outcome.guards.count + (outcome.claim == nil ? 0 : 1))
        command.append(keys.result(job.id))
        command.append(keys.queue(queue))
        for g in outcome.guards { command.append(g.key) }
        if let claim = outcome.claim { command.append(claim.key) }
        command.append(keys.group(queue))
        command.append(job.entryId)
        command.append(resultTTLSeconds)
        command.append(outcome.guards.count)
        for g in outcome.guards {
            command.append(g.key)
            command.append(g.field)
            command.append(g.expected)
        }
        appendClaimAndEffects(of: outcome, to: &command)
        let fields = resultFields(status: outcome.status, outcome: outcome.outcome, message: outcome.message,
                                  errors: outcome.errors, attempt: job.attempt, envelope: job.envelope,
                                  extra: outcome.fields, nowMs: nowMs)
        command.append(fields.count)
        for field in fields + Self.claimTaken(outcome.claim, fields: fields) { command.append(field) }
        return command
    }

    func retryCommand(entry: StreamEntry, jobId: String?, attempt: Int, dueMs: Int64, error: String, nowMs: Int64,
                      on connection: RedisConnection) throws(RedisError) -> RedisCommand {
        let member = JSONValue.object([
            "j": .string(String(decoding: entry.raw ?? [], as: UTF8.self)),
            "a": .number(Double(attempt)),
            "e": .string(error),
            "x": .string(entry.id),
        ]).jsonString
        let history = JobHistory.entry("retry_scheduled", atMs: nowMs, [
            "attempt": .number(Double(attempt)), "error": .string(error), "dueAt": .string(Timestamp.rfc3339(ms: dueMs)),
            "worker": .string(worker)])
        return try connection.evalCommand(Self.scheduleRetry, keys: [keys.queue(queue), keys.retry(queue), jobId.map { keys.history($0) } ?? ""],
                                          arguments: [keys.group(queue), entry.id, Int(dueMs), member, history, resultTTLSeconds])
    }

    func deadCommand(entry: StreamEntry, jobId: String?, envelope: JobEnvelope?, outcome: String, message: String,
                     errors: [FieldError], attempt: Int, nowMs: Int64, on connection: RedisConnection) throws(RedisError) -> RedisCommand {
        var dead: [String] = ["job", String(decoding: entry.raw ?? [], as: UTF8.self), "queue", queue,
                              "entryId", entry.id, "reason", outcome, "error", message,
                              "attempts", String(attempt), "failedAt", Timestamp.rfc3339(ms: nowMs), "worker", worker]
        if let jobId { dead += ["jobId", jobId] }
        if !errors.isEmpty { dead += ["errors", FieldError.jsonArray(errors)] }
        let history = JobHistory.entry("dead_lettered", atMs: nowMs, [
            "reason": .string(outcome), "error": .string(message), "attempt": .number(Double(attempt)), "worker": .string(worker)])
        var args: [any RedisArgument] = [keys.group(queue), entry.id, resultTTLSeconds, history, dead.count]
        args += dead as [any RedisArgument]
        if jobId != nil {
            args += resultFields(status: .dead, outcome: outcome, message: message, errors: errors, attempt: attempt,
                                 envelope: envelope, extra: [], nowMs: nowMs) as [any RedisArgument]
        }
        return try connection.evalCommand(Self.deadLetter,
                                          keys: [keys.queue(queue), keys.dead(queue), jobId.map { keys.result($0) } ?? "",
                                                 jobId.map { keys.history($0) } ?? ""],
                                          arguments: args)
    }
}
