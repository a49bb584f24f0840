import CertificationQueries
import ClassQueries
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// Every Redis key the import workflow uses: the contract's `{p}:queue:import`,
/// `{p}:import:{importId}` (report), `{p}:import:{importId}:errors` and the error report, the
/// roster `{p}:class:{classId}:students` (learning time is read through `TrainingQuery`); the class
/// hash, the enrolment index and the audit trail are the project's own.
public struct ImportKeys: Sendable, Equatable {
    public let queue: QueueKeys

    public init(_ queue: QueueKeys) { self.queue = queue }
    public init(prefix: String = "vt") { self.queue = QueueKeys(prefix: prefix) }

    public var prefix: String { queue.prefix }

    /// The queue name of this workflow's jobs.
    public static let queueName = "import"

    /// `{p}:queue:import`.
    public var importQueue: String { queue.queue(Self.queueName) }

    /// `{p}:class:{classId}`: hash (see `ClassRecord`).
    public func classRecord(_ classId: String) -> String { ClassQuery.classKey(classId, prefix: prefix) }

    /// `{p}:classes:{institutionId}`: set of the institution's class ids (read through `ClassQuery`).
    public func institutionClasses(_ institutionId: String) -> String { ClassQuery.institutionClassesKey(institutionId, prefix: prefix) }

    /// `{p}:class:{classId}:students`: the roster, hash ID number → JSON (`RosterEntry`).
    public func students(_ classId: String) -> String { ClassQuery.studentsKey(classId, prefix: prefix) }

    /// `{p}:enrolled:{occupation}:{level}`: the enrolment index of an occupation and level
    /// (``EnrollmentIndex``: one open class per student, occupation and level).
    public func enrollment(occupation: String, level: SkillLevel) -> EnrollmentIndex {
        EnrollmentIndex(occupation: occupation, level: level, prefix: prefix)
    }

    /// `{p}:audit:class:{classId}`: append-only trail of the class (created, locked, imports).
    public func audit(_ classId: String) -> String { ClassQuery.auditKey(classId, prefix: prefix) }

    /// `{p}:import:{importId}`: the import's report hash.
    public func report(_ importId: String) -> String { "\(prefix):import:\(importId)" }

    /// `{p}:import:{importId}:errors`: list of row errors (JSON).
    public func errors(_ importId: String) -> String { "\(prefix):import:\(importId):errors" }

    /// `{p}:import:{importId}:errorReport:{format}`: the downloadable error report (string: the
    /// file's bytes, `csv` or `xlsx`), written with the report when a row is invalid, no expiry.
    public func errorReport(_ importId: String, format: String = "csv") -> String { "\(prefix):import:\(importId):errorReport:\(format)" }

    /// `{p}:import:{importId}:staged:{token}`: hash, the roster one delivery of the import
    /// commits (the roster as read and the students it accepts); with a `part` (`…:staged:{token}:errors`, `…:errorReport:csv`,
    /// `…:errorReport:xlsx`), its error list and error reports. Scratch keys, moved into place by
    /// the commit (docs/import-staging.md).
    public func staged(_ importId: String, token: String, part: String? = nil) -> String {
        "\(prefix):import:\(importId):staged:\(token)" + (part.map { ":\($0)" } ?? "")
    }

    /// `{p}:institution:{id}`: the certification record (read through `CertificationQuery`).
    public func institution(_ institutionId: String) -> String { CertificationQuery.institutionKey(institutionId, prefix: prefix) }
    /// `{p}:qualification:{institutionId}`: the qualification state (read through `QualificationQuery`).
    public func qualificationState(_ institutionId: String) -> String { QualificationQuery.stateKey(institutionId, prefix: prefix) }

    public var notificationQueue: String { queue.queue(WorkflowEffects.notificationQueueName) }
    public var events: String { queue.events }
}
