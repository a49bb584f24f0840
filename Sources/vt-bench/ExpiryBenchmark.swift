import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// `vt-bench expiry`: the qualification expiry sweep with 10,000 and 1,000,000 tracked steps, of
/// which 1,000 are due each time. The sweep reads only the due part of the index, so both
/// should take about the same time (target: within 2×).
enum ExpiryBenchmark {
    static func main(_ arguments: [String]) -> Int32 {
        var tracked = [10_000, 1_000_000]
        var due = 1_000
        var url: String?
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            let value = i < arguments.count ? arguments[i] : ""
            switch arg {
            case "--tracked": tracked = value.split(separator: ",").compactMap { Int($0) }; i += 1
            case "--due": due = Int(value) ?? due; i += 1
            case "--redis-url": url = value; i += 1
            default:
                FileHandle.standardError.write(Data("usage: vt-bench expiry [--tracked 10000,1000000] [--due 1000] [--redis-url URL]\n".utf8))
                return 2
            }
        }
        do {
            var server: BenchRedis?
            if url == nil { server = try BenchRedis() }
            defer { server?.stop() }
            let c = try RedisConnection(try RedisConfiguration(url: url ?? server!.url, environment: ProcessInfo.processInfo.environment))
            for n in tracked {
                var times: [Double] = []
                for run in 0..<5 {
                    let keys = QualificationKeys(prefix: "bench-expiry-\(n)-\(run)")
                    try seed(keys: keys, tracked: n, due: due, on: c)
                    let start = DispatchTime.now().uptimeNanoseconds
                    let report = try ExpirySweeper(keys: keys).sweep(on: c, nowMs: nowMs)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                    guard report.examined == due, report.announced == due else { throw RedisError(.unexpectedReply, "sweep report \(report)") }
                    _ = try c.send("FLUSHDB")
                }
                times.sort()
                print("tracked \(n) steps, \(due) due: sweep \(String(format: "%.1f", times[2])) ms median, \(String(format: "%.1f", times[0])) ms best (5 runs: \(times.map { String(format: "%.1f", $0) }.joined(separator: ", ")))")
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench expiry: \(error)\n".utf8))
            return 1
        }
    }

    /// 2026-11-29 12:00 China time: the sweep's "now".
    static let nowMs: Int64 = 1_795_924_800_000

    /// `tracked` steps due in a year (no state needed: they are never read) and `due` approved
    /// items whose expiry is due now.
    static func seed(keys: QualificationKeys, tracked: Int, due: Int, on c: RedisConnection) throws {
        var commands: [RedisCommand] = []
        var zadd = RedisCommand("ZADD", keys.due)
        var inZadd = 0
        let later = LocalDate(year: 2027, month: 11, day: 29)
        for i in 0..<tracked {
            let step = ExpiryStep(institutionId: "inst-\(i / 100)", key: ItemKey(occupation: "occ-\(i % 100)", level: .none), validUntil: later, kind: .expire)
            zadd.append(String(step.dueMs + Int64(i)))
            zadd.append(step.member)
            inZadd += 1
            if inZadd == 500 {
                commands.append(zadd)
                zadd = RedisCommand("ZADD", keys.due)
                inZadd = 0
                if commands.count == 20 { for r in try c.pipeline(commands) { try r.throwingServerError() }; commands.removeAll() }
            }
        }
        if inZadd > 0 { commands.append(zadd) }
        let past = LocalDate(year: 2026, month: 11, day: 28)
        for i in 0..<due {
            let key = ItemKey(occupation: "occ-\(i)", level: .none)
            let item = ApprovedItem(key: key, validUntil: past, applicationId: "bench", approvedAtMs: 0)
            let step = ExpiryStep(institutionId: "due-\(i % 10)", key: key, validUntil: past, kind: .expire)
            commands.append(RedisCommand("HSET", keys.state(step.institutionId), key.field, item.json.jsonString))
            commands.append(RedisCommand("ZADD", keys.due, String(step.dueMs), step.member))
        }
        for r in try c.pipeline(commands) { try r.throwingServerError() }
    }
}
