import RedisClient

extension JobFinisher {
    /// `guard_value(key, field)`: what a guard compares, the hash field (`''` when absent) or,
    /// for an empty field, the key's EXISTS (`"1"` or `"0"`). `guards_hold(i, n)`: checks the `n`
    /// guards whose key/field/expected triples start at `ARGV[i]`; returns the index after them,
    /// or nil when one fails. Shared by the commit, batch commit and step scripts.
    static let guardsLua = """
        local function guard_value(key, field)
          if field == '' then return tostring(redis.call('EXISTS', key)) end
          local current = redis.call('HGET', key, field)
          if current == false then return '' end
          return current
        end
        local function guards_hold(i, n)
          for _ = 1, n do
            if guard_value(ARGV[i], ARGV[i + 1]) ~= ARGV[i + 2] then return nil end
            i = i + 3
          end
          return i
        end
        """

    /// A job's step (``JobOutcome/step(_:effects:guards:)``): its effects applied if its guards hold
    /// and the job has no result yet; no result, no ack.
    /// KEYS[1] the job's result hash, KEYS[2..] the keys the guards touch (declared only). ARGV:
    /// guard count, per guard key/field/expected, effect count, per effect argc and its arguments.
    /// Returns 1 applied, 0 the job is finished already (nothing written), -1 a guard failed.
    static let step = RedisScript(name: "step", source: JobFinisher.refusedWhenFull + guardsLua + """

        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local i = guards_hold(2, tonumber(ARGV[1]))
        if i == nil then return -1 end
        local effects = tonumber(ARGV[i])
        i = i + 1
        for _ = 1, effects do
          local argc = tonumber(ARGV[i])
          redis.call(unpack(ARGV, i + 1, i + argc))
          i = i + argc + 1
        end
        return 1
        """)

    /// The EVALSHA of the step script for `outcome` (see ``step``).
    func stepCommand(job: Job, outcome: JobOutcome, on connection: RedisConnection) throws(RedisError) -> RedisCommand {
        var command = RedisCommand("EVALSHA")
        command.append(try connection.digest(of: Self.step))
        command.append(1 + outcome.guards.count)
        command.append(keys.result(job.id))
        for g in outcome.guards { command.append(g.key) }
        command.append(outcome.guards.count)
        for g in outcome.guards {
            command.append(g.key)
            command.append(g.field)
            command.append(g.expected)
        }
        command.append(outcome.effects.count)
        for effect in outcome.effects {
            command.append(effect.count)
            command.append(argumentsOf: effect)
        }
        return command
    }
}
