import CertificationQueries
import ImportScan
import JobQueue
import QualificationQueries
import Uploads
import WorkflowKernel

/// An `import.requested` payload.
public struct ImportRequest: Sendable, Equatable {
    public var importId: String
    public var institutionId: String
    public var classId: String
    public var source: ImportSource
    /// `csv`, `xlsx` or `auto`.
    public var format: String
    public var mode: ImportMode

    public init(importId: String, institutionId: String, classId: String, source: ImportSource, format: String = "auto",
                mode: ImportMode = .allOrNothing) {
        self.importId = importId
        self.institutionId = institutionId
        self.classId = classId
        self.source = source
        self.format = format
        self.mode = mode
    }

    public var json: JSONValue {
        ["importId": .string(importId), "institutionId": .string(institutionId), "classId": .string(classId),
         "source": source.json, "format": .string(format), "mode": .string(mode.rawValue)]
    }
}

public enum ImportPayload {
    public static let type = "import.requested"
    public static let formats = UploadFields.formats

    public static func decode(_ payload: JSONValue) -> Result<ImportRequest, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let importId = r.identifier("importId")
        let institutionId = r.identifier("institutionId")
        let classId = r.identifier("classId")
        let upload = UploadFields.read(object, into: &r)
        guard r.errors.isEmpty, let importId, let institutionId, let classId, let upload else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(ImportRequest(importId: importId, institutionId: institutionId, classId: classId, source: upload.source,
                                      format: upload.format, mode: upload.mode))
    }
}
