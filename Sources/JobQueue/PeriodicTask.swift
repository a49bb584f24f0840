import RedisClient

/// Work that runs every `intervalMs` on exactly one of the workers of a kind, whichever takes the
/// tick's lease first (`SET {p}:lease:{name}:{tick} NX`). A worker that was down simply finds the
/// next tick's lease free; the task itself must catch up on what came due meanwhile.
public struct PeriodicTask: Sendable {
    public let name: String
    public let intervalMs: Int64
    /// Runs the tick; `nowMs` is the worker's clock. Use the connection given, on this thread only.
    public let body: @Sendable (_ connection: RedisConnection, _ nowMs: Int64) throws -> Void

    public init(name: String, intervalMs: Int64, body: @escaping @Sendable (RedisConnection, Int64) throws -> Void) {
        self.name = name
        self.intervalMs = max(1, intervalMs)
        self.body = body
    }

    /// Takes the lease of the tick containing `nowMs` for `owner`. True when this caller won it.
    func acquire(tickOf nowMs: Int64, owner: String, keys: QueueKeys, on connection: RedisConnection) throws(RedisError) -> Bool {
        let tick = nowMs / intervalMs
        let reply = try connection.send("SET", keys.lease(name, tick: tick), owner, "NX", "PX", Int(max(intervalMs * 2, 1_000)))
        return reply == .status("OK")
    }
}
