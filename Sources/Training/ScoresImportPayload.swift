import ImportScan
import JobQueue
import Uploads
import WorkflowKernel

/// A `scores.imported` payload (批量录入成绩): the fields of `import.requested`.
public struct ScoresImportRequest: Sendable, Equatable {
    /// Where the uploaded file is: a Redis string (`redisKey`) or a `path` (refused: the training
    /// worker reads no local files).
    public typealias Source = ImportSource

    public var importId: String
    public var institutionId: String
    public var classId: String
    public var source: Source
    /// `csv`, `xlsx` or `auto`.
    public var format: String
    public var mode: ImportMode

    public init(importId: String, institutionId: String, classId: String, source: Source, format: String = "auto", mode: ImportMode = .allOrNothing) {
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

/// Decoding of `scores.imported`, by the rules of `import.requested`'s payload.
public enum ScoresImportPayload {
    public static let type = "scores.imported"
    public static let formats = UploadFields.formats

    public static func decode(_ payload: JSONValue) -> Result<ScoresImportRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(TrainingPayload.notObject(payload)) }
        var r = PayloadReader(object)
        let importId = r.identifier("importId")
        let institutionId = r.identifier("institutionId")
        let classId = r.identifier("classId")
        let upload = UploadFields.read(object, into: &r)
        guard r.errors.isEmpty, let importId, let institutionId, let classId, let upload else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(ScoresImportRequest(importId: importId, institutionId: institutionId, classId: classId, source: upload.source,
                                            format: upload.format, mode: upload.mode))
    }
}
