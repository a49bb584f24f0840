import CertificationQueries
import ImportScan
import JobQueue
import QualificationQueries
import Uploads
import WorkflowKernel

/// An `import.requested` payload.
public typealias ImportRequest = UploadRequest

public enum ImportPayload {
    public static let type = "import.requested"
    public static let formats = UploadFields.formats

    public static func decode(_ payload: JSONValue) -> Result<ImportRequest, ValidationErrors> { UploadRequest.decode(payload) }
}
