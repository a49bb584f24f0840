import ImportScan
import JobQueue
import Uploads
import WorkflowKernel

/// A `scores.imported` payload (批量录入成绩): the fields of `import.requested`. A `path` source is
/// refused: the training worker reads no local files.
public typealias ScoresImportRequest = UploadRequest

public enum ScoresImportPayload {
    public static let type = "scores.imported"
    public static let formats = UploadFields.formats

    public static func decode(_ payload: JSONValue) -> Result<ScoresImportRequest, ValidationErrors> { UploadRequest.decode(payload) }
}
