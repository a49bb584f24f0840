import Foundation
import ImportWorkflow
import JobQueue
import RedisClient

/// `vt-bench memory`: what a year of the province costs in Redis memory, measured. A fresh
/// redis-server, one process of each worker the traffic needs, a `--scale` slice of a year
/// (``MemoryYear``) driven through them; then `INFO memory` and every key's `MEMORY USAGE`,
/// grouped by key family, extrapolated to a year (a family whose keys expire counts the share of
/// the year they live, e.g. results: 7 of 365 days).
enum MemoryBenchmark {
    static let usage = """
        vt-bench memory [--scale 0.001] [--concurrency 10] [--json]
          A --scale slice of a year (3,000 institutions, 25,000 classes of 30 trainees, 40 learning records
          each, at scale 1) through the real workers on a fresh redis-server: used_memory and the memory
          of each key family (MEMORY USAGE of every key), per item and extrapolated to a year.
        """

    static let workers = ["certification-worker", "qualification-worker", "import-worker", "training-worker", "notification-worker"]

    static func main(_ arguments: [String]) -> Int32 {
        var scale = 0.001, concurrency = 10, json = false
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--scale": i += 1; scale = i < arguments.count ? Double(arguments[i]) ?? 0 : 0
            case "--concurrency": i += 1; concurrency = i < arguments.count ? Int(arguments[i]) ?? 0 : 0
            case "--json": json = true
            default:
                FileHandle.standardError.write(Data("vt-bench memory: unknown argument \(arguments[i])\n\(usage)\n".utf8))
                return 2
            }
            i += 1
        }
        guard scale > 0, scale <= 1, concurrency > 0 else {
            FileHandle.standardError.write(Data("vt-bench memory: bad arguments\n\(usage)\n".utf8))
            return 2
        }
        do {
            let server = try BenchRedis()
            defer { server.stop() }
            let c = try RedisConnection(RedisConfiguration(url: server.url))
            let keys = ImportKeys(prefix: "vt")
            let processes = try workers.map { try WorkersBenchmark.startWorker($0, url: server.url, prefix: keys.prefix, concurrency: concurrency) }
            defer { WorkersBenchmark.stop(processes) }
            let before = try usedMemory(c)
            var year = MemoryYear(scale: scale, keys: keys, on: c)
            if !json { print("vt-bench memory: scale \(scale): \(year.institutions) institutions, \(year.classes) classes of \(MemoryYear.traineesPerClass) trainees") }
            try year.run { if !json { print($0) } }
            WorkersBenchmark.stop(processes)
            let after = try usedMemory(c)
            let families = try KeyFamilies.measure(prefix: keys.prefix, on: c)
            if json {
                print(report(families, scale: scale, jobs: year.jobCount, before: before, after: after).jsonString)
            } else {
                print(text(families, scale: scale, jobs: year.jobCount, before: before, after: after))
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench memory: \(error)\n".utf8))
            return 1
        }
    }

    static func usedMemory(_ c: RedisConnection) throws -> Int {
        let info = try c.send("INFO", "memory").string ?? ""
        return info.split(separator: "\r\n").first { $0.hasPrefix("used_memory:") }.flatMap { Int($0.dropFirst("used_memory:".count)) } ?? 0
    }

    /// A family's bytes in a year: linear in the traffic, times the share of the year a key lives;
    /// a family with no items (an emptied queue's stream, a lease) stays as it is.
    static func yearBytes(_ f: KeyFamilies.Family, scale: Double) -> Double {
        if f.items == 0 { return Double(f.bytes) }
        let share = f.ttlSeconds.map { min(1, Double($0) / (365 * 86_400)) } ?? 1
        return Double(f.bytes) / scale * share
    }

    static func text(_ families: KeyFamilies, scale: Double, jobs: Int, before: Int, after: Int) -> String {
        func size(_ b: Double) -> String {
            b >= 1e9 ? String(format: "%.2f GB", b / 1e9) : b >= 1e6 ? String(format: "%.1f MB", b / 1e6) : String(format: "%.0f kB", b / 1e3)
        }
        var lines = ["\(jobs) jobs; used_memory \(size(Double(before))) before, \(size(Double(after))) after (+\(size(Double(after - before)))); "
                     + "the keys' MEMORY USAGE: \(size(Double(families.totalBytes)))",
                     row(["family", "keys", "items", "bytes", "B/key", "B/item", "lives", "a year"])]
        var year = 0.0
        for f in families.sorted {
            let y = yearBytes(f, scale: scale)
            year += y
            let lives = f.ttlSeconds.map { "\($0 / 86_400) d" } ?? "for good"
            lines.append(row([f.pattern, String(f.keys), String(f.items), String(f.bytes), String(f.bytes / max(1, f.keys)),
                              String(f.bytes / max(1, f.items)), lives, size(y)]))
        }
        lines.append("  a year at scale 1 (linear; capped streams counted uncapped): \(size(year))")
        return lines.joined(separator: "\n")
    }

    /// A table row: the family left-aligned, the figures right-aligned.
    static func row(_ cells: [String]) -> String {
        let widths = [40, 7, 9, 10, 7, 7, 9, 10]
        return "  " + zip(cells, widths).enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, cell.1 - cell.0.count))
            return i == 0 ? cell.0 + pad : pad + cell.0
        }.joined(separator: " ")
    }

    static func report(_ families: KeyFamilies, scale: Double, jobs: Int, before: Int, after: Int) -> JSONValue {
        ["scale": .number(scale), "jobs": .number(Double(jobs)), "usedMemoryBefore": .number(Double(before)), "usedMemoryAfter": .number(Double(after)),
         "families": .array(families.sorted.map { f in
             ["pattern": .string(f.pattern), "keys": .number(Double(f.keys)), "items": .number(Double(f.items)), "bytes": .number(Double(f.bytes)),
              "ttlSeconds": f.ttlSeconds.map { .number(Double($0)) } ?? .null, "yearBytes": .number(yearBytes(f, scale: scale).rounded())]
         })]
    }
}
