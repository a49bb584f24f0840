import Foundation

/// Names of the worker's counters and their Prometheus exposition. Counters live in `Metrics`
/// under plain names; per-type counts and the duration histogram use the keys made here.
public enum JobMetrics {
    /// Upper bounds (seconds) of the job duration histogram (time from start of handling to the
    /// confirmed end, so it includes the commit's round trip).
    public static let durationBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    static func durationBucketKey(ns: Int) -> String {
        let seconds = Double(ns) / 1e9
        let index = durationBounds.firstIndex(where: { seconds <= $0 }) ?? durationBounds.count
        return "duration_bucket:\(index)"
    }

    static func typeKey(type: String, result: String) -> String { "type:\(type):\(result)" }

    /// Plain counters and what they count.
    static let plain: [(name: String, metric: String, help: String)] = [
        ("processed", "vt_jobs_processed_total", "jobs applied (status done)"),
        ("rejected", "vt_jobs_rejected_total", "jobs refused by the domain (status rejected)"),
        ("retried", "vt_jobs_retried_total", "failed attempts scheduled for a retry"),
        ("dead", "vt_jobs_dead_total", "jobs dead-lettered"),
        ("duplicates", "vt_jobs_duplicate_total", "deliveries of jobs that were already finished (nothing applied)"),
        ("reclaimed", "vt_jobs_reclaimed_total", "jobs claimed from dead workers"),
        ("conflicts", "vt_guard_conflicts_total", "commits whose guards failed (handler re-run on fresh state)"),
        ("claims_taken", "vt_claims_taken_total", "commits whose claim was taken already (the claim's result written, no effect applied)"),
        ("redis_reconnects", "vt_redis_reconnects_total", "Redis connections re-established"),
        ("script_errors", "vt_script_errors_total", "atomic ends of jobs refused by Redis (tried again)"),
        ("replica_waits_timed_out", "vt_redis_replica_wait_timeouts_total", "WAITs for VT_REDIS_MIN_REPLICAS replicas that timed out (the lane waits on, or the notification is retried)"),
        ("redis_primary_switches", "vt_redis_primary_switches_total", "primary switches heard from the Sentinels (+switch-master), after which the worker's connections moved"),
        ("redis_oom", "vt_redis_oom_total", "writes Redis refused with OOM (maxmemory reached under noeviction); the jobs wait, nothing is dropped"),
    ]

    /// The names of the runtime's own families, which no handler's ``CounterFamily`` may take.
    public static var runtimeNames: Set<String> {
        Set(plain.map(\.metric) + ["vt_jobs_total", "vt_job_duration_seconds", "vt_queue_length", "vt_queue_pending", "vt_queue_retry_scheduled",
                                   "vt_queue_dead", "vt_queue_lag", "vt_worker_up", "vt_redis_writes_refused"])
    }

    /// The Prometheus text exposition of a counter snapshot, the handlers' counter families (each
    /// once it has a sample, by name, after `vt_jobs_total`) and queue gauges.
    public static func exposition(queue: String, snapshot: [String: Int], families: [CounterFamily.Snapshot] = [],
                                  gauges: [(String, String, Double)]) -> String {
        let q = "queue=\"\(escape(queue))\""
        var out = ""
        for p in plain {
            out += "# HELP \(p.metric) \(p.help)\n# TYPE \(p.metric) counter\n\(p.metric){\(q)} \(snapshot[p.name] ?? 0)\n"
        }
        out += "# HELP vt_jobs_total finished jobs by type and result\n# TYPE vt_jobs_total counter\n"
        for (key, value) in snapshot.sorted(by: { $0.key < $1.key }) where key.hasPrefix("type:") {
            let parts = key.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
            guard let cut = parts.lastIndex(of: ":") else { continue }
            let type = String(parts[..<cut]), result = String(parts[parts.index(after: cut)...])
            out += "vt_jobs_total{\(q),type=\"\(escape(type))\",result=\"\(escape(result))\"} \(value)\n"
        }
        for family in families.sorted(by: { $0.family.name < $1.family.name }) where !family.counts.isEmpty {
            out += exposition(family, queueLabel: q)
        }
        out += "# HELP vt_job_duration_seconds time from the start of handling to the confirmed end\n# TYPE vt_job_duration_seconds histogram\n"
        var cumulative = 0
        for (i, bound) in durationBounds.enumerated() {
            cumulative += snapshot["duration_bucket:\(i)"] ?? 0
            out += "vt_job_duration_seconds_bucket{\(q),le=\"\(bound)\"} \(cumulative)\n"
        }
        cumulative += snapshot["duration_bucket:\(durationBounds.count)"] ?? 0
        out += "vt_job_duration_seconds_bucket{\(q),le=\"+Inf\"} \(cumulative)\n"
        out += "vt_job_duration_seconds_sum{\(q)} \(Double(snapshot["handled_ns"] ?? 0) / 1e9)\n"
        out += "vt_job_duration_seconds_count{\(q)} \(cumulative)\n"
        for (name, help, value) in gauges {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name){\(q)} \(value)\n"
        }
        return out
    }

    /// One counter family: HELP, TYPE, then a line per sample, by label values.
    static func exposition(_ snapshot: CounterFamily.Snapshot, queueLabel: String) -> String {
        let family = snapshot.family
        var out = "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) counter\n"
        for (values, count) in snapshot.counts.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let labels = [queueLabel] + zip(family.labels, values).map { "\($0)=\"\(escape($1))\"" }
            out += "\(family.name){\(labels.joined(separator: ","))} \(count)\n"
        }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
