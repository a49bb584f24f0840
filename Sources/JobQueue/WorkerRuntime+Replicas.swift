import RedisClient

/// `VT_REDIS_MIN_REPLICAS`: Redis replicates asynchronously, so a commit the primary applied can
/// be lost with it in a failover. With the setting on, a lane confirms its commits with
/// `WAIT n timeout` before it reports them (logs, metrics), and a handler confirms before it
/// tells anyone outside Redis (``JobContext/confirmReplicated()``). WAIT covers every write the
/// connection made, its `XREADGROUP` included, and so the earlier writes of others that produced
/// the jobs it read (a replica applies the primary's writes in order).
extension WorkerRuntime {
    /// `WAIT n timeout` on `connection`: true when `n` replicas hold every write made on it so far
    /// (always true when the setting is 0).
    func replicasHold(on connection: RedisConnection) throws(RedisError) -> Bool {
        let n = config.redisMinReplicas
        guard n > 0 else { return true }
        let acknowledged = try connection.send("WAIT", n, config.redisMinReplicasTimeoutMs).int ?? 0
        if acknowledged >= n { return true }
        metrics.increment("replica_waits_timed_out")
        return false
    }

    /// After a flush: WAITs again (each one blocks up to the timeout) until the replicas hold the
    /// lane's commits or the worker stops. Meanwhile /readyz says why the lane waits.
    func awaitReplicas(on connection: RedisConnection, role: String) throws(RedisError) {
        while try !replicasHold(on: connection) {
            let reason = "WAIT: fewer than \(config.redisMinReplicas) replicas acknowledged within \(config.redisMinReplicasTimeoutMs) ms"
            if refusals.refused(reason) {
                logger.warning("replicas do not acknowledge this lane's commits; waiting before reporting them", ["role": .string(role), "reason": .string(reason)])
            }
            if isStopping { return }
        }
    }
}
