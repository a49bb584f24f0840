import RedisClient

/// Moves retries whose time has come from `{p}:retry:{queue}` back onto the queue. Any worker may
/// run it at any time: the move is one script, so a job is forwarded once.
struct RetryForwarder {
    let runtime: WorkerRuntime

    /// KEYS[1] retry sorted set, KEYS[2] queue stream. ARGV[1] now (ms), ARGV[2] batch limit.
    /// Each member is JSON {"j": job, "a": attempts so far, "e": last error}. Returns the count moved.
    static let forwardScript = RedisScript(name: "forward-retries", source: """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for _, member in ipairs(due) do
          local ok, d = pcall(cjson.decode, member)
          if ok and type(d) == 'table' and d.j then
            redis.call('XADD', KEYS[2], '*', 'job', d.j, 'attempts', tostring(d.a or 0), 'lastError', tostring(d.e or ''))
          end
          redis.call('ZREM', KEYS[1], member)
        end
        return #due
        """)

    /// Forwards due retries; returns how many moved.
    @discardableResult
    func forward(on connection: RedisConnection) throws(RedisError) -> Int {
        var total = 0
        while true {
            let moved = try connection.eval(Self.forwardScript, keys: [runtime.keys.retry(runtime.spec.name), runtime.streamKey],
                                            arguments: [Int(runtime.clock.nowMs()), 500]).int ?? 0
            total += moved
            if moved < 500 { return total }
        }
    }
}
