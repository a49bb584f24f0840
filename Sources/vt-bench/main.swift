// vt-bench: benchmarks that print their figures. `vt-bench queue --help` for options.
import Foundation
import JobQueue

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "queue":
    exit(QueueBenchmark.main(Array(arguments.dropFirst())))
case "notification":
    exit(NotificationBenchmark.main(Array(arguments.dropFirst())))
case "workers":
    exit(WorkersBenchmark.main(Array(arguments.dropFirst())))
case "import":
    exit(ImportBenchmark.main(Array(arguments.dropFirst())))
case "expiry":
    exit(ExpiryBenchmark.main(Array(arguments.dropFirst())))
case "xlsx":
    exit(XlsxBenchmark.main(Array(arguments.dropFirst())))
case "training":
    exit(TrainingBenchmark.main(Array(arguments.dropFirst())))
case "memory":
    exit(MemoryBenchmark.main(Array(arguments.dropFirst())))
case "certificate":
    exit(CertificateBenchmark.main(Array(arguments.dropFirst())))
case "certificate-job":
    exit(CertificateJobBenchmark.main(Array(arguments.dropFirst())))
case "worker":
    // Internal: the worker process the queue benchmark measures.
    exit(BenchWorker.main(Array(arguments.dropFirst())))
default:
    FileHandle.standardError.write(Data("""
        usage: vt-bench notification [--redis-url URL] [--jobs N] [--rate N] [--seconds N] [--json]
          Inbox-only delivery by one notification-worker: drain rate, and latency (p50, p99) from
          notification.requested to the inbox entry at a paced load (default 1,000/s for 10 s).
        usage: vt-bench queue [--redis-url URL] [--jobs N] [--small-jobs N] [--json] [--compare-sidekiq]
          Starts its own redis-server unless --redis-url is given, then measures the enqueue rate,
          the drain rate of no-op jobs by one worker process at concurrency 1, 10 and 50, the rate of
          a small realistic job (one state write and one XADD), and the worker's peak RSS.
        \(WorkersBenchmark.usage)
        \(TrainingBenchmark.usage)
        vt-bench expiry [--tracked 10000,1000000] [--due 1000] [--redis-url URL]
          The qualification expiry sweep's time with that many tracked steps, of which --due are due.
        vt-bench import [--rows 100000] [--format csv] [--runs 3] [--redis-url URL] [--json]
          One import-worker process imports a generated file of valid rows into a fresh class:
          rows/s from the file in Redis to the roster and report written, and the worker's peak RSS.
        vt-bench xlsx [--rows 100000]
          Writes that many valid student rows with XlsxWriter, reads them back with XlsxReader:
          rows/s of each, file size, peak RSS of each phase.
        \(CertificateBenchmark.usage)
        \(MemoryBenchmark.usage)
        \(CertificateJobBenchmark.usage)
        """.utf8))
    exit(2)
}
