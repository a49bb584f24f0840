import RedisClient

extension Lane {
    /// Puts unstarted entries back on the queue at once (instead of waiting for a claim): each still
    /// pending entry is re-added with its attempts and acknowledged.
    /// KEYS[1] queue stream. ARGV[1] group, then per entry: entry id, job, attempts, deliveries.
    /// Returns how many were handed back.
    static let handBackScript = RedisScript(name: "hand-back", source: """
        local n = 0
        for i = 2, #ARGV, 4 do
          if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
            redis.call('XADD', KEYS[1], '*', 'job', ARGV[i + 1], 'attempts', ARGV[i + 2], 'deliveries', ARGV[i + 3])
            redis.call('XDEL', KEYS[1], ARGV[i])
            n = n + 1
          end
        end
        return n
        """)

    func handBack(_ entries: [StreamEntry]) {
        let withJob = entries.filter { $0.raw != nil }
        guard !withJob.isEmpty, connection.isConnected || connection.reconnect(attempts: 3) else { return }
        var args: [any RedisArgument] = [runtime.group]
        for e in withJob { args += [e.id, e.raw!, e.previousAttempts, e.deliveries] as [any RedisArgument] }
        do {
            let n = try connection.eval(Self.handBackScript, keys: [runtime.streamKey], arguments: args)
            runtime.logger.info("handed unstarted jobs back to the queue", ["count": .number(Double(n.int ?? 0)), "role": .string(role)])
        } catch {
            runtime.logger.warning("could not hand jobs back; they will be claimed by another worker", ["error": .string(error.description)])
        }
    }
}
