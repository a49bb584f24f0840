import Foundation

/// How big and how long a chaos run is. The short form (CI) is the default; the long form is
/// asked for by hand with `VT_CHAOS_SECONDS` and `VT_CHAOS_INSTITUTIONS`.
struct ChaosSettings: Sendable {
    /// Institutions driven through the whole flow.
    var institutions = 20
    /// Institutions per batch; batches start one after another, so several are in different steps at once.
    var batchSize = 2
    /// Batches start over this many seconds, so the flow and the chaos overlap.
    var seconds = 20
    /// A random worker is SIGKILLed (and restarted) about this often.
    var killEveryMs = 3_000
    /// At least this many worker kills, whatever the length of the flow.
    var minKills = 4
    /// Redis restarts (the first by SIGKILL, then SHUTDOWN and SIGKILL in turn), spread over the run.
    var redisRestarts = 2
    /// The qualification workers' clock passes a China midnight this long after the start, so
    /// the `reminder-1` steps of the items applied for fall due during the run.
    var midnightAfterMs: Int64 = 12_000
    /// Longest wait for one batch step's results, or for the final drain.
    var stepTimeoutSeconds: Double = 90

    /// The short form, changed by `VT_CHAOS_SECONDS` / `VT_CHAOS_INSTITUTIONS` when set.
    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> ChaosSettings {
        var s = ChaosSettings()
        if let n = env["VT_CHAOS_INSTITUTIONS"].flatMap(Int.init), n > 0 { s.institutions = n }
        if let n = env["VT_CHAOS_SECONDS"].flatMap(Int.init), n > 0 {
            s.seconds = n
            s.midnightAfterMs = Int64(n) * 600
            s.stepTimeoutSeconds = 300
        }
        s.batchSize = max(2, s.institutions * 2 / max(1, s.seconds))
        s.redisRestarts = max(2, s.seconds / 60)
        return s
    }

    /// Redis is restarted at most once in this many seconds.
    var restartEverySeconds: Double { Double(seconds) / Double(redisRestarts) }
    var batchCount: Int { (institutions + batchSize - 1) / batchSize }
    /// Seconds between the starts of two batches.
    var batchIntervalSeconds: Double { Double(seconds) / Double(batchCount) }
}
