import ECertificate
import Foundation
import Synchronization
import TrainingDomain

/// `vt-bench certificate`: builds a class of generated students, then signs its summary and
/// renders its PDF (`IssuedCertificate`), first cold (fontconfig and the font loaded on first
/// use), then `--runs` more times; prints each phase's time, the PDF's size and pages, and the
/// process's peak RSS (VmHWM).
enum CertificateBenchmark {
    static let usage = """
        vt-bench certificate [--students 500] [--runs 5] [--threads 1] [--save FILE]
          Signs and renders the e-certificate of a class of that many generated students (no Redis): the
          first run (cold: fontconfig and the font loaded), then the median and slowest of --runs more, the
          signing and rendering phases, the PDF's size and pages, and the process's peak RSS; with --threads N,
          then N certificates at once on N threads (a worker's lanes). The key is VT_CERT_SIGNING_KEY's file
          when set, else a new one.

        """

    static func main(_ arguments: [String]) -> Int32 {
        var students = 500
        var runs = 5
        var threads = 1
        var save: String?
        var i = 0
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--students": students = Int(arguments[i + 1]).map { min(max($0, 1), 100_000) } ?? students
            case "--runs": runs = Int(arguments[i + 1]).map { min(max($0, 1), 100) } ?? runs
            case "--threads": threads = Int(arguments[i + 1]).map { min(max($0, 1), 64) } ?? threads
            case "--save": save = arguments[i + 1]
            default: i = arguments.count
            }
            i += 2
        }
        guard i == arguments.count else {
            FileHandle.standardError.write(Data(usage.utf8))
            return 2
        }
        do {
            let key = ProcessInfo.processInfo.environment[CertificateSigningKey.environmentVariable] == nil
                ? try CertificateSigningKey.generate() : try CertificateSigningKey()
            let document = Self.document(students: students)
            let (first, cold) = try XlsxBenchmark.measure { try IssuedCertificate(document, signingKey: key) }
            var warm: [XlsxBenchmark.Phase] = []
            var signing: [Double] = []
            var rendering: [Double] = []
            for _ in 0..<runs {
                let (issued, phase) = try XlsxBenchmark.measure { try IssuedCertificate(document, signingKey: key) }
                guard issued.pdf == first.pdf else { throw BenchmarkFailure("two runs gave different PDFs") }
                warm.append(phase)
                let (qr, sign) = try XlsxBenchmark.measure { try CertificateQRText.sign(document.summary, with: key) }
                signing.append(sign.wall)
                rendering.append(try XlsxBenchmark.measure { try CertificatePDF.render(document, qrText: qr) }.1.wall)
            }
            if let save { try Data(first.pdf).write(to: URL(fileURLWithPath: save)) }
            let walls = warm.map(\.wall).sorted()
            let code = try QRCode(first.qrText)
            print(String(format: "certificate, %d students: %d pages, PDF %.1f KiB, QR text %d characters (version %d, %d modules)",
                         students, pageCount(first.pdf), Double(first.pdf.count) / 1_024, first.qrText.count, code.version, code.size))
            print(String(format: "  cold (first in the process)   %7.1f ms wall, %7.1f ms CPU", cold.wall * 1_000, cold.cpu * 1_000))
            print(String(format: "  warm (median of %d)            %7.1f ms wall, %7.1f ms CPU, slowest %.1f ms", runs, median(walls) * 1_000,
                         median(warm.map(\.cpu).sorted()) * 1_000, walls.last! * 1_000))
            print(String(format: "    summary + Ed25519 signature %7.2f ms;  PDF (QR code, layout, fonts) %7.1f ms",
                         median(signing.sorted()) * 1_000, median(rendering.sorted()) * 1_000))
            print(String(format: "  peak RSS of the process       %7.1f MiB", XlsxBenchmark.peakRSS()))
            if threads > 1 {
                let (same, phase) = XlsxBenchmark.measure { concurrently(threads) { (try? IssuedCertificate(document, signingKey: key))?.pdf == first.pdf } }
                guard same else { throw BenchmarkFailure("a certificate rendered on \(threads) threads differs") }
                print(String(format: "  %d at once on %d threads       %7.1f ms wall, %7.1f ms CPU; peak RSS %.1f MiB", threads, threads,
                             phase.wall * 1_000, phase.cpu * 1_000, phase.peakMiB))
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench certificate: \(error)\n".utf8))
            return 1
        }
    }

    /// A closed class of `students` generated students (BenchRoster's names, IDs, phones and
    /// types), with hours and scores.
    static func document(students: Int) -> CertificateDocument {
        let lines = (0..<students).map { n in
            let cells = BenchRoster.cells(n)
            return CertificateStudent(name: cells[1], gender: cells[2] == "男" ? .male : .female, studentType: cells[5], idNumber: cells[3],
                                      phone: cells[4], onlineHours: Double(12 + n % 9), theory: Double(50 + n % 50), practical: Double(55 + n % 45))
        }
        let closed = ChinaTime(secondsSinceEpoch: 1_795_738_962)
        return CertificateDocument(certificateId: "CERT-BENCH-\(students)", institutionId: "inst-bench", institutionName: "长沙市芙蓉区明德职业培训学校",
                                   institutionPhone: "0731-88881234", classId: "cls-bench-\(students)", className: "电工初级班（基准）", requiredHours: 16,
                                   occupation: "electrician", level: .junior, openedAt: ChinaTime(secondsSinceEpoch: 1_793_583_000), closedAt: closed,
                                   generatedAt: closed, students: lines)
    }

    /// Pages of a cairo PDF: its `/Type /Page` objects (not `/Type /Pages`).
    static func pageCount(_ pdf: [UInt8]) -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        return text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
    }

    static func median(_ sorted: [Double]) -> Double { sorted[sorted.count / 2] }

    /// Runs `work` on `count` threads at once; true when every run returned true.
    static func concurrently(_ count: Int, _ work: @escaping @Sendable () -> Bool) -> Bool {
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: count) { _ in
            if !work() { failures.withLock { $0 += 1 } }
        }
        return failures.withLock { $0 } == 0
    }

    struct BenchmarkFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
