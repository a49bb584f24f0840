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

    /// The counter key a notification handler adds to for one channel's result.
    public static func deliveryKey(channel: String, result: String) -> String { "delivery:\(channel):\(result)" }

    /// The counter key an import handler adds its rows to, by what they came to (`valid`,
    /// `invalid`, `empty`).
    public static func importRowsKey(result: String) -> String { "import_rows:\(result)" }

    /// Plain counters and what they count.
    static let plain: [(name: String, metric: String, help: String)] = [
        ("processed", "vt_jobs_processed_total", "jobs applied (status done)"),
        ("rejected", "vt_jobs_rejected_total", "jobs refused by the domain (status rejected)"),
        ("retried", "vt_jobs_retried_total", "failed attempts scheduled for a retry"),
        ("dead", "vt_jobs_dead_total", "jobs dead-lettered"),
        ("duplicates", "vt_jobs_duplicate_total", "deliveries of jobs that were already finished (nothing applied)"),
        ("reclaimed", "vt_jobs_reclaimed_total", "jobs claimed from dead workers"),
        ("conflicts", "vt_guard_conflicts_total", "commits whose guards failed (handler re-run on fresh state)"),
        ("redis_reconnects", "vt_redis_reconnects_total", "Redis connections re-established"),
        ("script_errors", "vt_script_errors_total", "atomic ends of jobs refused by Redis (tried again)"),
    ]

    /// The Prometheus text exposition of a counter snapshot plus queue gauges.
    public static func exposition(queue: String, snapshot: [String: Int], gauges: [(String, String, Double)]) -> String {
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
        let deliveries = snapshot.filter { $0.key.hasPrefix("delivery:") }.sorted { $0.key < $1.key }
        if !deliveries.isEmpty {
            out += "# HELP vt_notification_deliveries_total notification channel results (accepted, failed, waiting)\n# TYPE vt_notification_deliveries_total counter\n"
            for (key, value) in deliveries {
                let parts = key.split(separator: ":", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { continue }
                out += "vt_notification_deliveries_total{\(q),channel=\"\(escape(parts[1]))\",result=\"\(escape(parts[2]))\"} \(value)\n"
            }
        }
        let importRows = snapshot.filter { $0.key.hasPrefix("import_rows:") }.sorted { $0.key < $1.key }
        if !importRows.isEmpty {
            out += "# HELP vt_import_rows_validated_total rows of imported files read and validated, by result (valid, invalid, empty; a re-run after a guard conflict counts again)\n# TYPE vt_import_rows_validated_total counter\n"
            for (key, value) in importRows {
                let result = key.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
                out += "vt_import_rows_validated_total{\(q),result=\"\(escape(result))\"} \(value)\n"
            }
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

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
