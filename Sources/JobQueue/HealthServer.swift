import Foundation
import RedisClient

/// A tiny HTTP/1.0 responder on `VT_METRICS_PORT` (0 = off): `GET /metrics` (Prometheus text),
/// `GET /healthz` (the process is alive), `GET /readyz` (connected to Redis, consuming, and Redis
/// takes its writes; a 503 says why).
/// One thread, one request at a time, nothing else listens. It has its own Redis connection for
/// the queue gauges, made on first use.
final class HealthServer {
    let runtime: WorkerRuntime
    let port: Int
    private let listener: Int32
    private var connection: RedisConnection?

    init(runtime: WorkerRuntime, port: Int) throws(RedisError) {
        self.runtime = runtime
        self.port = port
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw RedisError(.configuration, "metrics: socket() failed") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = INADDR_ANY
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw RedisError(.configuration, "metrics: cannot listen on port \(port) (errno \(errno))")
        }
    }

    /// Serves until `shouldRun` answers false (checked every 200 ms).
    func run(while shouldRun: () -> Bool) {
        defer { close(listener) }
        while shouldRun() {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 200) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            serve(client)
            close(client)
        }
    }

    private func serve(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 2_048)
        let n = read(client, &buffer, buffer.count)
        guard n > 0 else { return }
        let requestLine = String(decoding: buffer[..<n].prefix(while: { $0 != 13 && $0 != 10 }), as: UTF8.self)
        let parts = requestLine.split(separator: " ")
        let path = parts.count >= 2 ? String(parts[1]) : ""
        let (status, body, type): (String, String, String)
        switch (parts.first.map(String.init) ?? "", path) {
        case ("GET", "/healthz"):
            (status, body, type) = ("200 OK", "ok\n", "text/plain")
        case ("GET", "/readyz"):
            if let reason = notReadyReason() {
                (status, body, type) = ("503 Service Unavailable", "not ready: \(reason)\n", "text/plain")
            } else {
                (status, body, type) = ("200 OK", "ready\n", "text/plain")
            }
        case ("GET", "/metrics"):
            (status, body, type) = ("200 OK", metrics(), "text/plain; version=0.0.4")
        default:
            (status, body, type) = ("404 Not Found", "GET /metrics, /healthz or /readyz\n", "text/plain")
        }
        let response = "HTTP/1.0 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        var bytes = Array(response.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            bytes = bytes.dropFirst(written)
        }
    }

    private func redis() -> RedisConnection? {
        if let c = connection, c.isConnected { return c }
        connection = try? RedisConnection(runtime.redis, clientName: "\(runtime.consumer):health")
        if let connection { runtime.connections.register(connection) }
        return connection
    }

    private func ping() -> Bool { (try? redis()?.send("PING")) == .status("PONG") }

    /// Why this worker is not ready, or nil: stopping, Redis unreachable, or Redis refusing its
    /// writes (OOM under maxmemory…: the jobs wait in Redis until it accepts them again).
    private func notReadyReason() -> String? {
        if runtime.isStopping { return "stopping" }
        guard ping() else { return "Redis does not answer (\(runtime.redis.redactedURL))" }
        if let refusal = runtime.refusals.current() {
            return "Redis refuses writes for \(refusal.forNs / 1_000_000_000) s, backing off: \(refusal.message)"
        }
        return nil
    }

    private func metrics() -> String {
        var gauges: [(String, String, Double)] = []
        var redisAnswered = false
        if let c = redis(), let replies = try? c.pipeline([
            RedisCommand("XLEN", runtime.streamKey),
            RedisCommand("XPENDING", runtime.streamKey, runtime.group),
            RedisCommand("ZCARD", runtime.keys.retry(runtime.spec.name)),
            RedisCommand("XLEN", runtime.keys.dead(runtime.spec.name)),
        ]) {
            gauges.append(("vt_queue_length", "entries in the queue's stream (waiting plus in flight)", Double(replies[0].int ?? 0)))
            gauges.append(("vt_queue_pending", "entries delivered and not yet finished", Double(replies[1].array?.first?.int ?? 0)))
            gauges.append(("vt_queue_retry_scheduled", "jobs waiting for a retry", Double(replies[2].int ?? 0)))
            gauges.append(("vt_queue_dead", "dead letters of the queue", Double(replies[3].int ?? 0)))
            let lag = max(0, (replies[0].int ?? 0) - (replies[1].array?.first?.int ?? 0))
            gauges.append(("vt_queue_lag", "entries not yet delivered to any worker", Double(lag)))
            redisAnswered = true
        }
        // The same test as /readyz: consuming, and Redis answers (the gauges' round trip above).
        gauges.append(("vt_worker_up", "1 while this worker is consuming and Redis answers (as /readyz, which also fails while Redis refuses writes)",
                       !runtime.isStopping && redisAnswered ? 1 : 0))
        gauges.append(("vt_redis_writes_refused", "1 while Redis refuses this worker's writes (OOM, NOREPLICAS, MISCONF): it backs off, /readyz is 503",
                       runtime.refusals.current() == nil ? 0 : 1))
        return JobMetrics.exposition(queue: runtime.spec.name, snapshot: runtime.metrics.snapshot(), families: runtime.metrics.families(),
                                     gauges: gauges)
    }
}
