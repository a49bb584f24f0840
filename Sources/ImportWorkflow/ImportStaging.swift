import ClassQueries
import ImportScan
import JobQueue
import RedisClient
import TrainingDomain

/// One delivery's scratch keys, set up before its file is scanned: their token, the staged
/// roster's key, and for a file of `StudentImport.parallelMinBytes` or more the ``RosterStager``
/// that fills that hash while the file is read (on the lane's scratch connection). The protocol
/// and why it is safe: docs/import-staging.md.
struct ImportStaging {
    /// ``StagedRoster/token(worker:job:)`` of this delivery.
    let token: String
    /// `{p}:import:{importId}:staged:{token}`.
    let rosterKey: String
    let stager: RosterStager?

    /// Opens the lane's scratch connection and starts the stager thread for a large file (unless
    /// `parallel` is false: a second scan of the file stages after it). The stager reads
    /// `index` first, every bucket, while the file is scanned (``indexReadAhead()``).
    init(job: Job, importId: String, keys: ImportKeys, fileSize: Int, existing: [(String, String)], encoder: RosterEntry.Encoder,
         index: EnrollmentIndex, context: JobContext, parallel: Bool = true) throws {
        token = StagedRoster.token(worker: context.worker, job: job)
        rosterKey = keys.staged(importId, token: token)
        stager = parallel && fileSize >= StudentImport.parallelMinBytes
            ? RosterStager(key: rosterKey, existing: existing, encoder: encoder, connection: try context.scratchConnection(),
                           readAhead: index.readCommands(buckets: EnrollmentIndex.allBuckets)) : nil
    }

    /// The replies of the stager's read of every bucket of the enrolment index (nil without a
    /// stager): ``EnrollmentIndex/read(buckets:groupSize:only:_:)`` of
    /// ``EnrollmentIndex/allBuckets`` takes them instead of reading after the scan. A large
    /// file's students fill every bucket anyway (15,000 leave one empty in two million), and the
    /// read no longer waits behind the stager's last HSETs; its versions guard the commit as
    /// a read after the scan would.
    func indexReadAhead() throws -> [RedisReply]? {
        do {
            return try stager?.readAheadReplies()
        } catch {
            throw StagingFailed(reason: "reading the enrolment index ahead: \(error)")
        }
    }

    /// What the scan hands each batch's accepted students to: the stager, if there is one (a
    /// small file's are staged after its scan, by ``StagedRoster/stage(_:count:existing:encoder:key:stager:context:roster:)``).
    var stage: (@Sendable ([StudentRecord]) -> Void)? {
        guard let stager else { return nil }
        return { records in stager.add(records) }
    }

    /// Stops the stager and deletes what it staged (a scan that ended without a summary); a
    /// failed DEL is logged, and the set expires.
    func discard(job: Job, logger: Logger) {
        if let error = stager?.discard() {
            logger.warning("staged roster not deleted (it expires)", ["jobId": .string(job.id), "error": .string(error.description)])
        }
    }
}
