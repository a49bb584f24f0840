import CertificationQueries
import Foundation
import ImportScan
import JobQueue
import QualificationQueries
import RedisClient
import Spreadsheet
import TrainingDomain
import WorkflowKernel

/// `import.requested` (批量导入学员), .xlsx or CSV (UTF-8 or GBK), in steps: decode the payload;
/// read the class, the report status and the upload's size (``ImportState``); the rules
/// (``ImportRules``: unknown class, another institution's, locked, not qualified, a report already there); then
/// ``ImportRun``: the file opened within the limits (a `path` only under the import directory,
/// ``ImportDirectory``),
/// streamed and validated row by row against the roster (``StudentImport``), the accepted
/// students and the errors staged in scratch keys, and the outcome whose one atomic commit moves
/// them into place with the report, the audit entry, the notification and the event
/// (docs/import-staging.md). A file refused before any row is rejected with an `import.failed`
/// notification and event.
public struct ImportHandler: RequestHandler {
    public let limits: ImportLimits
    /// Where `path` sources are opened (`VT_IMPORT_DIR`); nil: they are refused (`forbidden`).
    public let importDirectory: ImportDirectory?
    public let minimumAge: Int
    public let studentTypes: StudentTypeCatalog
    public init(limits: ImportLimits = ImportLimits(), importDirectory: ImportDirectory? = nil,
                minimumAge: Int = ResidentIDNumber.defaultMinimumAge, studentTypes: StudentTypeCatalog = .embedded) {
        self.limits = limits
        self.importDirectory = importDirectory
        self.minimumAge = minimumAge
        self.studentTypes = studentTypes
    }

    public var entityField: String { "importId" }

    public func decode(_ payload: JSONValue) -> Result<ImportRequest, ValidationErrors> { ImportPayload.decode(payload) }

    public func handle(_ request: ImportRequest, job: Job, context: JobContext) throws -> JobOutcome {
        let started = context.clock.nowMs()
        let keys = ImportKeys(context.keys)
        let state = try ImportState.read(request, keys: keys, context: context)
        let fields = [("entity", request.importId), ("classId", request.classId), ("institutionId", request.institutionId)]
        switch ImportRules.admit(request, record: state.record, qualified: state.qualified, reportStatus: state.reportStatus) {
        case .refused(let refusal):
            return refusal.outcome(guards: state.guards, fields: fields)
        case .admitted(let record):
            let run = ImportRun(handler: self, job: job, context: context, request: request, keys: keys, record: record,
                                guards: state.guards, fields: fields, startedMs: started)
            return try run.outcome(sourceSize: state.sourceSize)
        }
    }
}
