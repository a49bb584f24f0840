import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing

/// The hostile-input corpus fed to all six real worker executables through their streams (issue
/// #8 item 2). Every entry must end, as a result with a code and a message or a dead letter with a
/// readable reason; no worker may exit or stop being ready; memory stays under a bound.
///
/// Short pass (CI): the deterministic corpus. Long pass by hand:
/// `FUZZ_SEED=<n> FUZZ_COUNT=20000 …xctest --filter HostileInputTests` adds that many seeded random
/// mutations (the seed is printed; the same seed replays the same entries).
@Suite(.serialized) struct HostileInputTests {
    /// What a worker may hold in memory after the pass.
    static let rssBoundMiB = 150
    /// How long the short pass may take to end every entry (a hang fails it); a long pass gets
    /// 10 ms more per entry.
    static let endWithinSeconds: Double = 120

    @Test func everyHostileEntry_endsWithAReason_andEveryWorkerSurvives() throws {
        let rig = try HostileRig()
        defer { rig.stop() }
        try rig.prepareImportTarget()
        let ids = IdSource(tag: String(UInt32.random(in: 0...UInt32.max), radix: 36))
        let corpus = HostileCorpus(ids: ids)
        var entries = try corpus.shortPass() + rig.importEntries(ids: ids)
        if let seedText = ProcessInfo.processInfo.environment["FUZZ_SEED"] {
            let seed = UInt64(seedText) ?? UInt64.random(in: 0...UInt64.max)
            let count = Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 5_000
            print("hostile input: long pass with FUZZ_SEED=\(seed) FUZZ_COUNT=\(count)")
            entries += corpus.generator.random(try HostileCorpus.examples(), queues: HostileCorpus.queues, count: count, seed: seed)
        }
        #expect(Set(entries.map(\.queue)) == Set(HostileCorpus.allQueues), "every queue gets hostile input")
        try rig.send(entries)

        var endings: [String: HostileRig.Ending] = [:]
        let allEnded = eventually(timeout: Self.endWithinSeconds + Double(entries.count) / 100) {
            endings = try rig.endings()
            return rig.sent.allSatisfy { endings[$0.entryId] != nil }
        }
        let missing = rig.sent.filter { endings[$0.entryId] == nil }
        #expect(allEnded, "\(missing.count) of \(rig.sent.count) entries never ended, e.g. \(missing.prefix(5).map(\.entry.name))")

        var problems: [String] = []
        var tally: [String: Int] = [:]
        for (entryId, entry) in rig.sent {
            guard let ending = endings[entryId] else { continue }
            if let dead = ending.deadLetter {
                let code = (try? JSONValue.parse(dead["errors"] ?? ""))?.arrayValue?.first?["code"]?.stringValue ?? "-"
                tally["dead:\(dead["reason"] ?? "?")/\(code)", default: 0] += 1
                if (dead["reason"] ?? "").isEmpty || (dead["error"] ?? "").count < 8 { problems.append("\(entry.name): dead letter without a readable reason \(dead)") }
            } else {
                let r = ending.result
                tally["\(r["status"] ?? "?"):\(r["outcome"] ?? "?")", default: 0] += 1
                if !["done", "rejected", "dead"].contains(r["status"] ?? "") || (r["outcome"] ?? "").isEmpty {
                    problems.append("\(entry.name): result without status/outcome \(r)")
                }
                if r["status"] != "done", (r["message"] ?? "").isEmpty { problems.append("\(entry.name): refusal without a message \(r)") }
                // Malformed spreadsheets (truncated, bombs, lying sizes…) are refused, whatever reader reads them. A CSV
                // named .xlsx is no spreadsheet: `auto` reads it as the CSV it is (its one row has a wrong check character).
                if entry.name.hasPrefix("import-files/csv-named-xlsx.xlsx via") {
                    if r["outcome"] != "partially_imported" { problems.append("\(entry.name): the CSV inside was not read as one \(r)") }
                } else if entry.name.contains(".xlsx via"), r["status"] == "done" {
                    problems.append("\(entry.name): a malformed xlsx was accepted \(r)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) entries ended without a reason, e.g. \(problems.prefix(5))")
        expectPathSourcesAreReadInsideTheImportDirectoryOnly(rig: rig, endings: endings)
        print("hostile input: \(rig.sent.count) entries → \(tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")

        for queue in HostileCorpus.allQueues {
            #expect(try rig.env.pendingCount(queue: queue, on: rig.c) == 0, "\(queue): entries left pending")
            #expect(rig.processes[queue]?.isRunning == true, "\(queue) worker exited: \(rig.processes[queue]?.log.suffix(2_000) ?? "")")
            #expect(httpGet(port: rig.metricsPorts[queue]!, path: "/readyz").0 == 200, "\(queue) worker not ready after the pass")
            // The heartbeat (sorted set, score = last beat in ms) is fresh: within the last 5 s.
            let beats = try rig.c.send("ZRANGE", rig.env.keys.heartbeats(queue), 0, -1, "WITHSCORES").array ?? []
            let last = beats.enumerated().filter { $0.offset % 2 == 1 }.compactMap { $0.element.string.flatMap(Double.init) }.max() ?? 0
            #expect(last > Double(SystemClock().nowMs() - 5_000), "\(queue): no fresh heartbeat")
            let rss = rig.rssMiB(queue)
            print("hostile input: \(queue)-worker VmRSS \(rss.map(String.init) ?? "?") MiB")
            #expect((rss ?? Int.max) < Self.rssBoundMiB, "\(queue)-worker holds \(rss ?? -1) MiB after the pass")
        }
    }

    /// Each hostile import file ends with the same status and outcome whether it came from Redis
    /// or by its path under `VT_IMPORT_DIR` (so the path entries are read), and every path that
    /// leaves the directory is `rejected` `forbidden`.
    func expectPathSourcesAreReadInsideTheImportDirectoryOnly(rig: HostileRig, endings: [String: HostileRig.Ending]) {
        var bySource: [String: [String: String]] = [:]
        for (entryId, entry) in rig.sent {
            guard let r = endings[entryId]?.result, entry.name.hasPrefix("import-files/") else { continue }
            let parts = entry.name.components(separatedBy: " via ")
            bySource[parts[0], default: [:]][parts[1]] = "\(r["status"] ?? "?"):\(r["outcome"] ?? "?")"
        }
        #expect(bySource.count == HostileCorpus.files("import-files").count)
        for (file, endings) in bySource.sorted(by: { $0.key < $1.key }) {
            #expect(endings["path"] != nil && endings["path"] == endings["redisKey"], "\(file): \(endings)")
        }
        let escapes = rig.sent.filter { $0.entry.name.hasPrefix("import-path-escape ") }
        #expect(escapes.count == HostileRig.escapingPaths.count)
        for (entryId, entry) in escapes {
            let r = endings[entryId]?.result ?? [:]
            #expect(r["status"] == "rejected" && r["outcome"] == "forbidden", "\(entry.name): \(r)")
        }
    }
}
