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
    /// file is read and validated here. Throws ``ImportRefusal``, ``SheetReadError`` or the
    /// file's read error, whichever the sequential scan would have met first.
    public static func scan(_ format: SheetFormat, in file: any ImportFile, limits: ImportLimits, validator: StudentRowValidator,
                            enrolled: Set<String>, mode: ImportMode, parallelMinBytes: Int = parallelMinBytes,
                            batchSize: Int = batchSize) throws -> ImportSummary {
        guard file.size >= parallelMinBytes else {
            var scan = StudentImport(limits: limits, validator: validator, enrolled: enrolled, mode: mode)
            try ImportHandler.forEachRecord(format, in: file, limits: limits) { try scan.consume($0) }
            return try scan.finish()
        }
        let channel = RecordChannel(capacity: 4)
        let validation = ValidationThread(channel: channel, scan: StudentImport(limits: limits, validator: validator, enrolled: enrolled, mode: mode))
        var batch: [SheetRecord] = []
        batch.reserveCapacity(batchSize)
        var readError: (any Error)?
        do {
            try ImportHandler.forEachRecord(format, in: file, limits: limits) { record in
                batch.append(record)
                guard batch.count >= batchSize else { return }
                guard channel.send(batch) else { throw ValidationStopped() }
                batch = []
                batch.reserveCapacity(batchSize)
            }
            if !batch.isEmpty { _ = channel.send(batch) }
        } catch is ValidationStopped {
        } catch {
            // Records before the failure were delivered: they may still hold a refusal, which came first.
            if !batch.isEmpty { _ = channel.send(batch) }
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

    init(channel: RecordChannel, scan: StudentImport) {
        let thread = Thread { [self] in
            var scan = scan
            let result: Result<StudentImport, ImportRefusal>
            do throws(ImportRefusal) {
                while let batch = channel.receive() {
                    for record in batch { try scan.consume(record) }
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
