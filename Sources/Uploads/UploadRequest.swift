import ImportScan
import JobQueue
import WorkflowKernel

/// The payload of a job that reads an uploaded file into a class (`import.requested`:
/// `ImportRequest`; `scores.imported`: `ScoresImportRequest`): the import's id, whose class it
/// is, and the upload's source, format and mode.
public struct UploadRequest: Sendable, Equatable {
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

    /// The validated request, or every field error.
    public static func decode(_ payload: JSONValue) -> Result<UploadRequest, ValidationErrors> {
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
        return .success(UploadRequest(importId: importId, institutionId: institutionId, classId: classId, source: upload.source,
                                      format: upload.format, mode: upload.mode))
    }
}
