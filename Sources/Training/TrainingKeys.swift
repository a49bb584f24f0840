import ClassQueries
import JobQueue
import TrainingQueries
import WorkflowKernel

/// Every Redis key the training workflow uses: the contract's `{p}:queue:training`,
/// `{p}:class:{classId}:hours` and `{p}:class:{classId}:scores` (named by `TrainingQuery`, which
/// other workflows read them through), and the project's own learning-record claims. The class
/// hash, its roster and its audit trail belong to the import workflow: read through `ClassQuery`.
public struct TrainingKeys: Sendable, Equatable {
    public let queue: QueueKeys

    public init(_ queue: QueueKeys) { self.queue = queue }
    public init(prefix: String = "vt") { self.queue = QueueKeys(prefix: prefix) }

    public var prefix: String { queue.prefix }

    /// The queue name of this workflow's jobs.
    public static let queueName = "training"

    /// `{p}:queue:training`.
    public var trainingQueue: String { queue.queue(Self.queueName) }

    /// `{p}:class:{classId}:hours`: hash, ID number → learning seconds counted.
    public func hours(_ classId: String) -> String { TrainingQuery.hoursKey(classId, prefix: prefix) }

    /// `{p}:class:{classId}:scores`: hash, ID number → the scores' JSON.
    public func scores(_ classId: String) -> String { TrainingQuery.scoresKey(classId, prefix: prefix) }

    /// `{p}:class:{classId}:records`: hash, `recordId` → JSON of the learning record counted
    /// (`jobId`, `idNumber`, `courseId`, `seconds`, `occurredAt`): each record's claim, so a record
    /// is counted once however often, and under whatever job ids, it arrives.
    public func records(_ classId: String) -> String { "\(prefix):class:\(classId):records" }

    /// `{p}:import:{importId}`: a scores import's report (hash), in the namespace of student
    /// imports (the contract's "same report keys"): an import id is used once, by either kind.
    public func report(_ importId: String) -> String { "\(prefix):import:\(importId)" }

    /// `{p}:import:{importId}:errors`: list of the scores import's row errors (JSON).
    public func errors(_ importId: String) -> String { "\(prefix):import:\(importId):errors" }

    /// `{p}:import:{importId}:errorReport:{format}`: the downloadable error report (`csv`, `xlsx`).
    public func errorReport(_ importId: String, format: String) -> String { "\(prefix):import:\(importId):errorReport:\(format)" }

    /// `{p}:audit:class:{classId}`: the class's trail (named by `ClassQuery`).
    public func audit(_ classId: String) -> String { ClassQuery.auditKey(classId, prefix: prefix) }

    /// `{p}:class:{classId}`: the class hash (named by `ClassQuery`, read only through it).
    public func classRecord(_ classId: String) -> String { ClassQuery.classKey(classId, prefix: prefix) }

    /// `{p}:certificate:{certificateId}`: hash, an issued e-certificate (contract).
    public func certificate(_ certificateId: String) -> String { CertificateRecord.key(certificateId, prefix: prefix) }

    /// `{p}:certificate:{certificateId}:pdf`: string, the e-certificate's PDF bytes (contract).
    public func certificatePDF(_ certificateId: String) -> String { CertificateRecord.pdfKey(certificateId, prefix: prefix) }

    /// `{p}:certificates:publicKey`: string, the PEM public key the training workers sign with,
    /// published by them (``CertificateKeyPublisher``) for `vtctl certificate public-key` and verify.
    public var certificatePublicKey: String { "\(prefix):certificates:publicKey" }

    public var notificationQueue: String { queue.queue(WorkflowEffects.notificationQueueName) }
    public var events: String { queue.events }
}
