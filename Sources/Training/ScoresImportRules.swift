import ClassQueries
import WorkflowKernel

/// The refusals of `scores.imported` decided before the file is opened, pure: the class exists
/// (`unknown_class`), is the institution's (`forbidden`), is not closed (`scores_locked`), the
/// import id has no report yet (`import_exists`), and the source is a Redis key (`forbidden`: the
/// training worker reads no local files). A refused import writes no report and tells nobody.
public enum ScoresImportRules {
    public enum Code: String, Sendable {
        case unknownClass = "unknown_class"
        case forbidden
        case scoresLocked = "scores_locked"
        case importExists = "import_exists"
    }

    public typealias Refusal = DomainRefusal<Code>

    public static func admit(_ request: ScoresImportRequest, record: ClassRecord?, reportStatus: String?) -> Refusal? {
        guard let record else { return Refusal(.unknownClass, "class \(request.classId) does not exist") }
        guard record.institutionId == request.institutionId else { return Refusal(.forbidden, "class \(request.classId) belongs to another institution") }
        guard record.state != .closed else {
            return Refusal(.scoresLocked, "class \(request.classId) is closed: its e-certificate was issued and its scores can no longer change")
        }
        if let reportStatus { return Refusal(.importExists, "import \(request.importId) already has a report (\(reportStatus))") }
        if case .path = request.source {
            return Refusal(.forbidden, "path sources are not read by the training worker: upload the scores file to a Redis key (source.redisKey)")
        }
        return nil
    }
}
