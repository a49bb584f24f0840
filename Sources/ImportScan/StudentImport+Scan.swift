import Foundation
import Spreadsheet
import Synchronization
import TrainingDomain

extension StudentImport {
    /// Files from this size on may be read and validated on two threads.
    public static let parallelMinBytes = 1 << 20

    /// Where the import-worker reads and validates a file on two threads: an .xlsx from
    /// ``parallelMinBytes`` on; a CSV file never. A large file's accepted students are staged
    /// into Redis while it is read (the import workflow's stager), and that thread and Redis
    /// take the second core: a CSV scan on two threads then cost ~235 ms of CPU per 100,000
    /// rows instead of ~150 on one, and the whole import took longer (docs/benchmarks.md). An
    /// .xlsx's reader (inflate, XML) is slow enough that its second thread still pays.
    public static func parallelMinBytes(_ format: SheetFormat) -> Int { format == .xlsx ? parallelMinBytes : .max }
    /// Records handed from the reader to the validation at a time.
    public static let batchSize = 1_000
    /// Batches that may wait for the validation: a few for CSV; for an .xlsx enough for the
    /// reader to run on while the validation thread parses the shared strings (they take about
    /// a third of the time of the sheet, so a third of a 100,000-row roster). Batches are also
    /// cut at `batchCells` cells, which bounds the waiting records' memory (~24 bytes a cell:
    /// at most ~18 MB for an .xlsx) whatever a hostile file's rows look like.
    public static func channelCapacity(_ format: SheetFormat) -> Int { format == .xlsx ? 48 : 4 }
    public static let batchCells = 16_384

    /// Counts a record of the one-thread scan; every `batchSize` of them, hands the students
    /// accepted since to `stage`. A function of its arguments, not a nested function capturing
    /// `scan`: that cost a dynamic exclusivity check per access.
    private static func handOver(_ scan: inout StudentImport, counted: inout Int, every batchSize: Int,
                                 to stage: (@Sendable ([StudentRecord]) -> Void)?) {
        counted += 1
        guard counted == batchSize, let stage else { return }
        counted = 0
        let accepted = scan.takeAccepted()
        if !accepted.isEmpty { stage(accepted) }
    }

    /// Reads `file` and validates its records into the summary, exactly as ``consume(_:)`` then
    /// ``finish()`` on each record in order would. A file of `parallelMinBytes` or more is read on
    /// the calling thread (the file may be a Redis connection's) while a thread of its own
    /// validates, batches of `batchSize` records handed over through a bounded ``RecordChannel``
    /// (so a machine's second core takes the validation, and memory stays bounded); a smaller
    /// file is read and validated here. Whenever a batch still waits for the validation (CSV is
    /// read twice as fast as it is validated), the reader makes the next batch's row checks
    /// itself, which leaves the validation thread only the ordered part (duplicates, counts, the
    /// summary) for that batch. An .xlsx's shared strings are parsed on the validation thread
    /// while the sheet is read here, its cells resolved there (``XlsxSheet``). Throws
    /// ``ImportRefusal``, ``SheetReadError`` or the file's read error, whichever the sequential
    /// scan would have met first. `stage` gets the accepted students as they are found (after
    /// each batch; see ``takeAccepted()``), all of them, in order, by the time the scan
    /// returns a summary, which then keeps only their entries (on one thread too: every
    /// `batchSize` rows). `elsewhere`: see ``init(limits:validator:enrolled:elsewhere:mode:)``.
    public static func scan(_ format: SheetFormat, in file: any ImportFile, limits: ImportLimits, validator: StudentRowValidator,
                            enrolled: Set<String>, elsewhere: Set<String> = [], mode: ImportMode, parallelMinBytes: Int = parallelMinBytes,
                            batchSize: Int = batchSize, channelCapacity: Int? = nil,
                            stage: (@Sendable ([StudentRecord]) -> Void)? = nil) throws -> ImportSummary {
        guard file.size >= parallelMinBytes else {
            var scan = StudentImport(limits: limits, validator: validator, enrolled: enrolled, elsewhere: elsewhere, mode: mode,
                                     handsOff: stage != nil)
            scan.reserveCapacity(rows: file.size / 40)
            var sinceStaged = 0
            // A CSV file's rows are checked on their bytes when they are plainly valid (no strings
            // made but the record's).
            if format == .csv {
                try CSVReader.forEachCSVRecord(in: file) { record in
                    try scan.consume(record)
                    Self.handOver(&scan, counted: &sinceStaged, every: batchSize, to: stage)
                }
            } else {
                try format.forEachRecord(in: file, limits: limits) { record in
                    try scan.consume(record)
                    Self.handOver(&scan, counted: &sinceStaged, every: batchSize, to: stage)
                }
            }
            if let stage {
                let accepted = scan.takeAccepted()
                if !accepted.isEmpty { stage(accepted) }
            }
            return try scan.finish()
        }
        // An .xlsx's shared strings are parsed on the validation thread while this one reads the sheet.
        let sheet = format == .xlsx ? try XlsxSheet(file: file, limits: limits.xlsx) : nil
        let channel = RecordChannel(capacity: channelCapacity ?? Self.channelCapacity(format))
        let header = PublishedColumns()
        var start = StudentImport(limits: limits, validator: validator, enrolled: enrolled, elsewhere: elsewhere, mode: mode,
                                  handsOff: stage != nil)
        // A roster row takes at least ~40 bytes of CSV (and more of .xlsx): room for that many IDs.
        start.reserveCapacity(rows: file.size / 40)
        let validation = ValidationThread(channel: channel, header: header, sharedStrings: sheet?.sharedStrings, stage: stage, scan: start)
        var batch = RecordBatch(capacity: batchSize)
        var cells = 0
        var columns: [Int]?
        /// Queues the batch; when the validation is behind (a batch still waits for it), checks
        /// the batch's rows here first, so the reader's spare time goes into validation instead of
        /// waiting. Once the reader is the slower side nothing waits, and it checks nothing: the
        /// split settles where both threads are busy.
        func handOver() throws {
            if channel.backlog > 0 {
                if columns == nil { columns = header.columns }
                if let columns, batch.records.allSatisfy({ $0.unresolved.isEmpty }) {
                    batch.checks = batch.records.map { check($0, columns: columns, validator: validator) }
                }
            }
            guard channel.send(batch) else { throw ValidationStopped() }
            batch = RecordBatch(capacity: batchSize)
            cells = 0
        }
        var readError: (any Error)?
        do {
            func take(_ record: SheetRecord) throws {
                batch.records.append(record)
                cells += record.fields.count
                if batch.records.count >= batchSize || cells >= batchCells { try handOver() }
            }
            if let sheet {
                try sheet.forEachRecord(take)
            } else {
                try format.forEachRecord(in: file, limits: limits, take)
            }
            if !batch.records.isEmpty { try handOver() }
        } catch is ValidationStopped {
        } catch {
            // Records before the failure were delivered: they may still hold a refusal, which came first.
            if !batch.records.isEmpty { _ = channel.send(batch) }
            readError = error
        }
        channel.close()
        let scan = try validation.result()
        if let readError { throw readError }
        return try scan.finish()
    }
}
