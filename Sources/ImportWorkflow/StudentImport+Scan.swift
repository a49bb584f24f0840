import Foundation
import Spreadsheet
import Synchronization
import TrainingDomain

extension StudentImport {
    /// Files from this size on are read and validated on two threads.
    public static let parallelMinBytes = 1 << 20
    /// Records handed from the reader to the validation at a time.
    public static let batchSize = 1_000

    /// Reads `file` and validates its records into the summary, exactly as ``consume(_:)`` then
    /// ``finish()`` on each record in order would. A file of `parallelMinBytes` or more is read on
    /// the calling thread (the file may be a Redis connection's) while a thread of its own
    /// validates, batches of `batchSize` records handed over through a bounded ``RecordChannel``
    /// (so a machine's second core takes the validation, and memory stays bounded); a smaller
    /// file is read and validated here. Whenever the channel is full (CSV is read twice as fast
    /// as it is validated), the reader makes the next batch's row checks itself, which leaves the
    /// validation thread only the ordered part (duplicates, counts, the summary). Throws ``ImportRefusal``, ``SheetReadError`` or the
    /// file's read error, whichever the sequential scan would have met first.
    public static func scan(_ format: SheetFormat, in file: any ImportFile, limits: ImportLimits, validator: StudentRowValidator,
                            enrolled: Set<String>, mode: ImportMode, parallelMinBytes: Int = parallelMinBytes,
                            batchSize: Int = batchSize, channelCapacity: Int = 4) throws -> ImportSummary {
        guard file.size >= parallelMinBytes else {
            var scan = StudentImport(limits: limits, validator: validator, enrolled: enrolled, mode: mode)
            try ImportHandler.forEachRecord(format, in: file, limits: limits) { try scan.consume($0) }
            return try scan.finish()
        }
        let channel = RecordChannel(capacity: channelCapacity)
        let header = PublishedColumns()
        let validation = ValidationThread(channel: channel, header: header,
                                          scan: StudentImport(limits: limits, validator: validator, enrolled: enrolled, mode: mode))
        var batch = RecordBatch(capacity: batchSize)
        var columns: [Int]?
        /// Queues the batch; when the validation is behind (the queue is full), checks the batch's
        /// rows here first, so the reader's spare time goes into validation instead of waiting.
        func handOver() throws {
            if let queued = channel.offer(batch) {
                guard queued else { throw ValidationStopped() }
            } else {
                if columns == nil { columns = header.columns }
                if let columns { batch.checks = batch.records.map { check($0, columns: columns, validator: validator) } }
                guard channel.send(batch) else { throw ValidationStopped() }
            }
            batch = RecordBatch(capacity: batchSize)
        }
        var readError: (any Error)?
        do {
            try ImportHandler.forEachRecord(format, in: file, limits: limits) { record in
                batch.records.append(record)
                if batch.records.count >= batchSize { try handOver() }
            }
            if !batch.records.isEmpty { try handOver() }
        } catch is ValidationStopped {
        } catch {
            // Records before the failure were delivered: they may still hold a refusal, which came first.
            if !batch.records.isEmpty { _ = channel.send(batch) }
            readError = error
        }
        channel.close()
        let scan = try validation.result().get()
        if let readError { throw readError }
        return try scan.finish()
    }
}

/// Thrown through the reader when the validation has stopped (a refusal) to stop reading too.
private struct ValidationStopped: Error {}

/// The validation side of ``StudentImport/scan(_:in:limits:validator:enrolled:mode:parallelMinBytes:batchSize:)``:
/// a thread consuming a ``RecordChannel``'s batches into a ``StudentImport`` until the end or a
/// refusal, then handing the scan back.
private final class ValidationThread: Sendable {
    private let outcome = Mutex<Result<StudentImport, ImportRefusal>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(channel: RecordChannel, header: PublishedColumns, scan: StudentImport) {
        let thread = Thread { [self] in
            var scan = scan
            var published = false
            let result: Result<StudentImport, ImportRefusal>
            do throws(ImportRefusal) {
                while let batch = channel.receive() {
                    if batch.checks.isEmpty {
                        for record in batch.records { try scan.consume(record) }
                    } else {
                        for (record, check) in zip(batch.records, batch.checks) { try scan.consume(record, checked: check) }
                    }
                    if !published, let columns = scan.headerColumns {
                        header.publish(columns)
                        published = true
                    }
                    channel.recycle(batch)
                }
                result = .success(scan)
            } catch {
                channel.stop()
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.name = "import-validation"
        thread.start()
    }

    /// Waits for the thread's end: the scan after the last record, or the refusal it met.
    func result() -> Result<StudentImport, ImportRefusal> {
        done.wait()
        return outcome.withLock { $0.take()! }
    }
}

/// The header's columns, once the validation has found them, for the reader's row checks
/// (every batch sent after that comes after the header).
private final class PublishedColumns: Sendable {
    private let value = Mutex<[Int]?>(nil)
    var columns: [Int]? { value.withLock { $0 } }
    func publish(_ columns: [Int]) { value.withLock { $0 = columns } }
}
