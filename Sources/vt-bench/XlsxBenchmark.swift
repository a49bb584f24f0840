import Foundation
import Spreadsheet
import TrainingDomain

/// `vt-bench xlsx`: writes a roster of valid student rows (序号, 姓名, 性别, 身份证号, 手机号,
/// 学员类型) with `XlsxWriter`, reads it back with `XlsxReader`, and prints the rate of each,
/// the file's size and the peak RSS of each phase (VmHWM, reset between phases).
enum XlsxBenchmark {

    static let usage = "usage: vt-bench xlsx [--rows 100000] [--save FILE] | vt-bench xlsx --read FILE\n"

    static func main(_ arguments: [String]) -> Int32 {
        var rows = 100_000
        var save: String?
        var readOnly: String?
        var i = 0
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--rows": rows = Int(arguments[i + 1]).map { min(max($0, 1), 5_000_000) } ?? rows
            case "--save": save = arguments[i + 1]
            case "--read": readOnly = arguments[i + 1]
            default: i = arguments.count
            }
            i += 2
        }
        guard i == arguments.count else {
            FileHandle.standardError.write(Data(usage.utf8))
            return 2
        }
        do {
            if let readOnly {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: readOnly)))
                let (count, phase) = try measure { try read(bytes, verify: false) }
                print(String(format: "%@: %d rows, %.2f MiB", readOnly, count, Double(bytes.count) / 1_048_576))
                print(phase.line("read  (XlsxReader)", rows: count))
                return 0
            }
            let (bytes, write) = measure { generate(rows: rows) }
            if let save { try Data(bytes).write(to: URL(fileURLWithPath: save)) }
            let (count, reading) = try measure { try read(bytes, verify: true) }
            guard count == rows + 1 else { throw SheetReadError.unreadable("read \(count) rows of \(rows + 1)") }
            print(String(format: "xlsx, %d rows x 6 columns: file %.2f MiB", rows, Double(bytes.count) / 1_048_576))
            print(write.line("write (XlsxWriter)", rows: rows))
            print(reading.line("read  (XlsxReader)", rows: rows))
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench xlsx: \(error)\n".utf8))
            return 1
        }
    }

    /// The roster as .xlsx bytes: the header and `rows` valid students.
    static func generate(rows: Int) -> [UInt8] { BenchRoster.xlsx(rows: rows) }

    /// Reads every record; with `verify`, checks a sample of them against the generator.
    static func read(_ bytes: [UInt8], verify: Bool) throws -> Int {
        var count = 0
        try XlsxReader.forEachRecord(in: InMemoryFile(bytes)) { record in
            if verify, record.row % 997 == 2, record.fields != BenchRoster.cells(record.row - 2) {
                throw SheetReadError.unreadable("row \(record.row) differs")
            }
            count += 1
        }
        return count
    }

    /// Wall and CPU time and peak RSS (VmHWM, reset before) of one phase.
    struct Phase {
        var wall: Double
        var cpu: Double
        var peakMiB: Double

        func line(_ name: String, rows: Int) -> String {
            String(format: "  %@  %9.0f rows/s  %6.3f s wall, %6.3f s CPU (%9.0f rows per CPU second)  peak RSS %6.1f MiB",
                   name, Double(rows) / wall, wall, cpu, Double(rows) / cpu, peakMiB)
        }
    }

    static func measure<T>(_ work: () throws -> T) rethrows -> (T, Phase) {
        resetPeakRSS()
        let cpu = cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try work()
        let wall = max(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, 1e-9)
        return (result, Phase(wall: wall, cpu: max(cpuSeconds() - cpu, 1e-9), peakMiB: peakRSS()))
    }

    /// CPU time (user + system) this process has used: the rate on a shared, loaded machine.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// VmHWM of this process, MiB.
    static func peakRSS() -> Double {
        Double(QueueBenchmark.peakRSS(pid: getpid())) / 1_048_576
    }

    /// Resets VmHWM to the current RSS (Linux: `5` to /proc/self/clear_refs).
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
