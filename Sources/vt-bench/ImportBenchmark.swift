import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import Spreadsheet
import TrainingDomain
import WorkflowKernel

/// `vt-bench import`: the whole `import.requested` job of one `import-worker` process, from the
/// file's bytes in Redis to the roster and report written, for a generated file of valid rows
/// (default 100,000) into a fresh class of a certified, qualified institution, optionally with
/// `--enrolled N` students already enrolled in other classes of its occupation and level
/// (``BenchEnrollment``). Prints rows/s (enqueue to result, waited for on the events stream)
/// and the worker's peak RSS (VmHWM).
enum ImportBenchmark {
    static let usage = "usage: vt-bench import [--rows 100000] [--format csv] [--runs 3] [--invalid-every N] [--enrolled N] [--redis-url URL] [--json] [--in-process [--sequential|--parallel]]\n"

    static func main(_ arguments: [String]) -> Int32 {
        var rows = 100_000
        var format = "csv"
        var runs = 3
        var url: String?
        var json = false
        var inProcess = false
        var threads: Bool?
        var invalidEvery = 0
        var enrolled = 0
        var i = 0
        while i < arguments.count {
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--rows": rows = Int(next) ?? rows; i += 1
            case "--format": format = next; i += 1
            case "--runs": runs = max(1, Int(next) ?? runs); i += 1
            case "--redis-url": url = next; i += 1
            case "--json": json = true
            case "--in-process": inProcess = true
            case "--sequential": threads = false
            case "--parallel": threads = true
            case "--invalid-every": invalidEvery = max(0, Int(next) ?? 0); i += 1
            case "--enrolled": enrolled = max(0, Int(next) ?? 0); i += 1
            default:
                FileHandle.standardError.write(Data(usage.utf8))
                return 2
            }
            i += 1
        }
        let file: [UInt8]
        switch format {
        case "csv": file = BenchRoster.csv(rows: rows, invalidEvery: invalidEvery)
        case "xlsx": file = BenchRoster.xlsx(rows: rows, invalidEvery: invalidEvery)
        default:
            FileHandle.standardError.write(Data("vt-bench import: --format must be csv or xlsx\n".utf8))
            return 2
        }
        let invalid = invalidEvery > 0 ? (rows + invalidEvery - 1) / invalidEvery : 0
        if inProcess { return scanInProcess(file, format: format == "xlsx" ? .xlsx : .csv, rows: rows - invalid, runs: runs,
                                            parallelMinBytes: threads.map { $0 ? StudentImport.parallelMinBytes : .max }
                                                ?? StudentImport.parallelMinBytes(format == "xlsx" ? .xlsx : .csv)) }
        do {
            let bench = try BenchTarget(url: url)
            defer { bench.close() }
            let (target, c, prefix) = (bench.url, bench.connection, bench.prefix)
            let keys = ImportKeys(prefix: prefix)
            try DomainFixtures.certifyAndQualify("inst-bench", keys: QualificationKeys(keys.queue), on: c)
            let worker = try WorkersBenchmark.startWorker("import-worker", url: target, prefix: prefix, concurrency: 10)
            defer { kill(worker.processIdentifier, SIGTERM); while worker.isRunning { usleep(10_000) } }
            let producer = JobProducer(keys: keys.queue)
            let fileKey = "\(prefix):bench:upload"
            var set = RedisCommand("SET", fileKey)
            set.append(bytes: file)
            _ = try c.send(set).throwingServerError()
            let enrollment = BenchEnrollment(prefix: prefix, enrolled: enrolled)
            try enrollment.prepare(on: c)

            var seconds: [Double] = []
            var handled: [Double] = []
            for run in 0..<runs {
                let classId = "bench-class-\(run)"
                let created = try runJob(producer, ClassPayload.createdType, ClassCreateRequest(
                    classId: classId, institutionId: "inst-bench", name: "基准班级\(run)", occupation: "electrician", level: .junior,
                    plannedSize: 10_000, trainingMode: .online, location: nil).json, id: "bench-class-\(run)", on: c).result
                guard created["outcome"] == "class_created" else { throw RedisError(.unexpectedReply, "class.created: \(created)") }
                try enrollment.reset(on: c)
                let (result, elapsed) = try runJob(producer, ImportPayload.type, ImportRequest(
                    importId: "bench-import-\(run)", institutionId: "inst-bench", classId: classId, source: .redisKey(fileKey),
                    format: format, mode: invalid > 0 ? .acceptValid : .allOrNothing).json, id: "bench-import-\(run)", on: c)
                let roster = try c.send("HLEN", keys.students(classId)).int ?? 0
                let indexed = try enrollment.count(on: c)
                guard result["outcome"] == (invalid > 0 ? "partially_imported" : "imported"), roster == rows - invalid,
                      indexed == enrolled + roster else {
                    throw RedisError(.unexpectedReply, "import: \(result["outcome"] ?? "?") \(result["message"] ?? ""), roster \(roster), index \(indexed)")
                }
                seconds.append(elapsed)
                handled.append(Double(try c.send("HGET", keys.report("bench-import-\(run)"), "durationMs").string ?? "") ?? 0)
            }
            let peakKiB = QueueBenchmark.peakRSS(pid: worker.processIdentifier) / 1_024
            let sorted = seconds.sorted()
            let median = sorted[sorted.count / 2]
            if json {
                let report: JSONValue = ["rows": .number(Double(rows)), "format": .string(format), "enrolled": .number(Double(enrolled)), "bytes": .number(Double(file.count)),
                                         "medianMs": .number((median * 1000).rounded()), "bestMs": .number((sorted[0] * 1000).rounded()),
                                         "rowsPerSec": .number((Double(rows) / median).rounded()),
                                         "handlerMs": .array(handled.map { .number($0) }), "peakRSSKiB": .number(Double(peakKiB))]
                print(report.jsonString)
            } else {
                print("vt-bench import (\(rows) rows, \(invalid) invalid, \(format), \(file.count) bytes, \(enrolled) enrolled elsewhere, one import-worker process)")
                print(String(format: "  job time median %.0f ms, best %.0f ms (runs: %@)", median * 1000, sorted[0] * 1000,
                             seconds.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ")))
                print(String(format: "  %.0f rows/s (median), %.0f rows/s (best)", Double(rows) / median, Double(rows) / sorted[0]))
                print("  of which the handler (read + validate, the report's durationMs): \(handled.map { String(Int($0)) }.joined(separator: ", ")) ms; the rest is the fetch and the atomic commit")
                print(String(format: "  import-worker peak RSS (VmHWM) %.1f MiB", Double(peakKiB) / 1024))
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench import: \(error)\n".utf8))
            return 1
        }
    }

    /// `--in-process`: only reading and validating the file (no Redis, no worker), for profilers
    /// (`valgrind --tool=callgrind vt-bench import --in-process --rows 20000 --runs 1`), on the threads the import-worker
    /// would use (``StudentImport/parallelMinBytes(_:)``); `--sequential` on one, `--parallel` on two.
    static func scanInProcess(_ file: [UInt8], format: SheetFormat, rows: Int, runs: Int, parallelMinBytes: Int) -> Int32 {
        let validator = StudentRowValidator(referenceDate: LocalDate(year: 2026, month: 11, day: 29))
        do {
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let summary = try StudentImport.scan(format, in: InMemoryFile(file), limits: ImportLimits(), validator: validator,
                                                     enrolled: [], mode: .allOrNothing, parallelMinBytes: parallelMinBytes)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                guard summary.validRows == rows else { throw ImportRefusal(code: "bench", message: "\(summary.invalidRows) invalid rows") }
                print(String(format: "read + validate %d rows in process: %.0f ms, %.0f rows/s", rows, seconds * 1000, Double(rows) / seconds))
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench import: \(error)\n".utf8))
            return 1
        }
    }

    /// Enqueues one job and waits for its result: the result and the seconds taken. The wait
    /// blocks on the events stream (XREAD BLOCK from the last entry before the enqueue), which the
    /// job's commit appends to with its result, so nothing polls while the worker runs (a poll
    /// every millisecond woke this process and Redis 250 times a job, on the worker's two cores);
    /// a job without an event is still seen within 100 ms.
    static func runJob(_ producer: JobProducer, _ type: String, _ payload: JSONValue, id: String,
                       on c: RedisConnection) throws -> (result: [String: String], seconds: Double) {
        let envelope = JobEnvelope(id: id, type: type, createdAt: "2026-11-29T08:00:00Z", producer: "vt-bench", payload: payload)
        let events = producer.keys.events
        var lastEvent = try c.send("XREVRANGE", events, "+", "-", "COUNT", 1).array?.first?.array?.first?.string ?? "0-0"
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try producer.enqueue(envelope, queue: ImportKeys.queueName, on: c)
        let deadline = start + 120_000_000_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let read = try c.send("XREAD", "COUNT", 1_000, "BLOCK", 100, "STREAMS", events, lastEvent)
            if let entries = read.array?.first?.array?.last?.array, let newest = entries.last?.array?.first?.string { lastEvent = newest }
            if try c.send("EXISTS", producer.keys.result(id)).int == 1 {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                return (try producer.result(of: id, on: c), elapsed)
            }
        }
        throw RedisError(.timeout, "no result for \(id) in 120 s")
    }
}

/// Generated rosters: valid rows (unique valid ID numbers, names, matching genders, phones,
/// student types) as the import template has them.
enum BenchRoster {
    static let regions = ["430102", "430103", "430104", "430105", "430111", "430121", "430181", "430182"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
    static let given = Array("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红文玉兰海燕辉鹏飞宇浩然欣怡梓涵子轩")

    /// The cells of row `n` (0-based): its ID unique, and valid unless `invalidEvery` divides
    /// `n` (then its phone is wrong).
    static func cells(_ n: Int, invalidEvery: Int = 0) -> [String] {
        let born = LocalDate(year: 1970, month: 1, day: 1).adding(days: (n / regions.count) % 9_000)
        let sequence = 100 + n / (regions.count * 9_000)
        let first17 = regions[n % regions.count] + born.description.replacingOccurrences(of: "-", with: "") + String(sequence)
        let id = first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
        let gender = sequence % 2 == 1 ? "男" : "女"
        let name = String(surnames[n % surnames.count]) + String(given[(n / 7) % given.count]) + (n % 3 == 0 ? "" : String(given[(n / 11) % given.count]))
        let phone = invalidEvery > 0 && n % invalidEvery == 0 ? "12345" : "13" + String(String(800_000_000 + n).suffix(9))
        let labels = StudentTypeCatalog.embedded.labels
        return [String(n + 1), name, gender, id, phone, labels[n % labels.count]]
    }

    /// An .xlsx workbook of one sheet, as the template has it.
    static func xlsx(rows: Int, invalidEvery: Int = 0) -> [UInt8] {
        var writer = XlsxWriter()
        writer.addSheet(name: StudentTemplate.sheetName, columnWidths: [6, 10, 6, 22, 14, 24],
                        rows: (0...rows).lazy.map { $0 == 0 ? StudentTemplate.header : cells($0 - 1, invalidEvery: invalidEvery) })
        return writer.finish()
    }

    /// A UTF-8 CSV with a BOM and CRLF line ends, as Excel saves "CSV UTF-8".
    static func csv(rows: Int, invalidEvery: Int = 0) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(rows * 80)
        for line in [StudentTemplate.header] + (0..<rows).map({ cells($0, invalidEvery: invalidEvery) }) {
            out.append(contentsOf: line.joined(separator: ",").utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }
}
