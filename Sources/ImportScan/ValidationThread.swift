import Foundation
import Spreadsheet
import Synchronization
import TrainingDomain

/// Thrown through the reader when the validation has stopped (a refusal) to stop reading too.
struct ValidationStopped: Error {}

/// The validation side of ``StudentImport/scan(_:in:limits:validator:enrolled:mode:parallelMinBytes:batchSize:channelCapacity:)``:
/// a thread that first parses an .xlsx's shared strings (if given), then consumes a
/// ``RecordChannel``'s batches into a ``StudentImport`` (resolving shared-string cells) until
/// the end or a refusal, then hands the scan back. It publishes the header's columns once found.
final class ValidationThread: Sendable {
    /// Why the thread stopped early: a refusal, or an unreadable shared-strings part or cell.
    private enum Stop: Error {
        case refused(ImportRefusal)
        case unreadable(SheetReadError)
    }

    private let outcome = Mutex<Result<StudentImport, Stop>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(channel: RecordChannel, header: PublishedColumns, sharedStrings: XlsxSheet.SharedStringsPart?,
         stage: (@Sendable ([StudentRecord]) -> Void)?, scan: StudentImport) {
        let thread = Thread { [self] in
            var scan = scan
            let result: Result<StudentImport, Stop>
            do throws(Stop) {
                try Self.run(&scan, channel: channel, header: header, sharedStrings: sharedStrings, stage: stage)
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

    private static func run(_ scan: inout StudentImport, channel: RecordChannel, header: PublishedColumns,
                            sharedStrings: XlsxSheet.SharedStringsPart?, stage: (@Sendable ([StudentRecord]) -> Void)?) throws(Stop) {
        var resolver = SharedStringResolver.empty
        if let sharedStrings {
            do { resolver = try sharedStrings.parse() } catch { throw .unreadable(error) }
        }
        var published = false
        while let batch = channel.receive() {
            do {
                if batch.checks.isEmpty {
                    for record in batch.records { try scan.consume(try resolver.resolve(record)) }
                } else {
                    for (record, check) in zip(batch.records, batch.checks) { try scan.consume(record, checked: check) }
                }
            } catch let error as ImportRefusal {
                throw .refused(error)
            } catch let error as SheetReadError {
                throw .unreadable(error)
            } catch {
                preconditionFailure("consume and resolve throw only ImportRefusal and SheetReadError")
            }
            if let stage {
                let accepted = scan.takeAccepted()
                if !accepted.isEmpty { stage(accepted) }
            }
            if !published, let columns = scan.headerColumns {
                header.publish(columns)
                published = true
            }
            channel.recycle(batch)
        }
    }

    /// Waits for the thread's end: the scan after the last record, or what stopped it.
    func result() throws -> StudentImport {
        done.wait()
        switch outcome.withLock({ $0.take()! }) {
        case .success(let scan): return scan
        case .failure(.refused(let refusal)): throw refusal
        case .failure(.unreadable(let error)): throw error
        }
    }
}

/// The header's columns, once the validation has found them, for the reader's row checks
/// (every batch sent after that comes after the header).
final class PublishedColumns: Sendable {
    private let value = Mutex<[Int]?>(nil)
    var columns: [Int]? { value.withLock { $0 } }
    func publish(_ columns: [Int]) { value.withLock { $0 = columns } }
}
