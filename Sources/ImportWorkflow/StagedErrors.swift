import ImportScan
import JobQueue
import RedisClient

/// An import's error list and downloadable error reports, written to scratch keys of the
/// delivery's own before the commit (as ``StagedRoster`` does for the students), which renames
/// them into place. The commit then carries a few RENAMEs instead of every error: for a
/// 100,000-row file of invalid rows, ~35 MB of arguments that were copied into the commit
/// script's call and hiredis's buffer on top of the summary (peak RSS 180–280 MiB before).
/// The protocol: docs/import-staging.md.
struct StagedErrors {
    /// Scratch key → where the commit moves it.
    let moves: [(from: String, to: String)]

    /// Error entries per RPUSH, and RPUSHes per round trip: one round trip's JSON in memory.
    static let entriesPerPush = 1_000
    static let pushesPerTrip = 10

    /// The commit's guards: every scratch key is still there.
    var guards: [Guard] { moves.map { .exists($0.from) } }

    /// The commit's effects: each scratch key RENAMEd into place, then PERSISTed (RENAME keeps
    /// the scratch key's expiry).
    var effects: [RedisCommand] {
        moves.flatMap { [RedisCommand("RENAME", $0.from, $0.to), RedisCommand("PERSIST", $0.to)] }
    }

    /// Writes the summary's errors (JSON, in row order) and, if it has one, its error report as
    /// .csv and .xlsx to this delivery's scratch keys; nil without errors. Throws
    /// ``StagingFailed``.
    static func stage(_ summary: ImportSummary, keys: ImportKeys, importId: String, token: String,
                      context: JobContext) throws -> StagedErrors? {
        guard !summary.errors.isEmpty else { return nil }
        let ttl = String(StagedRoster.ttlSeconds)
        let errorsKey = keys.staged(importId, token: token, part: "errors")
        var moves = [(from: errorsKey, to: keys.errors(importId))]
        do {
            // After a DEL of what an earlier run of this delivery staged (RPUSH would add to it).
            var trip = [RedisCommand("DEL", errorsKey)]
            for start in stride(from: 0, to: summary.errors.count, by: entriesPerPush) {
                var rpush = RedisCommand("RPUSH", errorsKey)
                for error in summary.errors[start..<min(start + entriesPerPush, summary.errors.count)] { rpush.append(bytes: ImportEffects.json(error)) }
                trip.append(rpush)
                // The list has its expiry from its first entries on.
                if start == 0 { trip.append(RedisCommand("EXPIRE", errorsKey, ttl)) }
                if trip.count >= pushesPerTrip {
                    try context.writeScratch(trip)
                    trip.removeAll()
                }
            }
            try context.writeScratch(trip)
            if let report = summary.errorReport {
                for (format, bytes) in [("csv", report.csvBytes), ("xlsx", report.xlsxBytes)] {
                    let key = keys.staged(importId, token: token, part: "errorReport:\(format)")
                    var set = RedisCommand("SET", key)
                    set.append(bytes: bytes)
                    set.append("EX")
                    set.append(ttl)
                    try context.writeScratch([set])
                    moves.append((from: key, to: keys.errorReport(importId, format: format)))
                }
            }
        } catch {
            throw StagingFailed(reason: "error list and reports: \(error)")
        }
        return StagedErrors(moves: moves)
    }
}
