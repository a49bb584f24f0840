import Synchronization

/// In-process counters of one worker, by name and labels. Cheap enough for the hot path; flushed
/// to Redis (`{p}:stats:{queue}`) by the stats reporter and exposed to Prometheus later.
public final class Metrics: Sendable {
    private let counters = Mutex<[String: Int]>([:])

    public init() {}

    /// Adds `by` to the counter `name`.
    public func increment(_ name: String, by: Int = 1) {
        counters.withLock { $0[name, default: 0] += by }
    }

    /// Adds several counters under one lock (a lane reports once per flush, not once per job).
    public func add(_ deltas: [String: Int]) {
        guard !deltas.isEmpty else { return }
        counters.withLock { c in for (k, v) in deltas { c[k, default: 0] += v } }
    }

    public func value(_ name: String) -> Int { counters.withLock { $0[name] ?? 0 } }

    public func snapshot() -> [String: Int] { counters.withLock { $0 } }
}
