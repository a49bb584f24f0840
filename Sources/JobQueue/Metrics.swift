import Synchronization

/// In-process counters of one worker: the runtime's own, by plain name, and the labelled counter
/// families that handlers count in. Cheap enough for the hot path; the plain counters are
/// flushed to Redis (`{p}:stats:{queue}`) by the stats reporter, and everything is shown on
/// `/metrics` (see `JobMetrics.exposition`).
public final class Metrics: Sendable {
    private let counters = Mutex<[String: Int]>([:])
    private let labelled = Mutex<[String: CounterFamily.Snapshot]>([:])

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

    // MARK: - Labelled counter families

    /// Adds `by` to the counter of `family` with these label values (in `family.labels` order).
    /// The first count registers the family; a count of 0 still makes the sample appear.
    public func add(_ by: Int = 1, to family: CounterFamily, labels: [String]) {
        add([labels: by], to: family)
    }

    /// Adds to several counters of `family` under one lock: label values → amount.
    public func add(_ deltas: [[String]: Int], to family: CounterFamily) {
        precondition(deltas.keys.allSatisfy { $0.count == family.labels.count },
                     "\(family.name) takes \(family.labels.count) label values (\(family.labels.joined(separator: ", ")))")
        labelled.withLock { families in
            var snapshot = families[family.name] ?? Self.registering(family)
            precondition(snapshot.family == family, "counter family \(family.name) is registered with another HELP text or labels")
            for (labels, by) in deltas { snapshot.counts[labels, default: 0] += by }
            families[family.name] = snapshot
        }
    }

    private static func registering(_ family: CounterFamily) -> CounterFamily.Snapshot {
        precondition(!JobMetrics.runtimeNames.contains(family.name), "\(family.name) is one of the runtime's own metrics")
        return CounterFamily.Snapshot(family: family, counts: [:])
    }

    /// The count of `family` with these label values (0 when never counted).
    public func value(of family: CounterFamily, labels: [String]) -> Int {
        labelled.withLock { $0[family.name]?.counts[labels] ?? 0 }
    }

    /// Every registered family with its counts, ordered by name.
    public func families() -> [CounterFamily.Snapshot] {
        labelled.withLock { $0.values.sorted { $0.family.name < $1.family.name } }
    }
}
