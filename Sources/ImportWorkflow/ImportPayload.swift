import CertificationQueries
import ImportScan
import JobQueue
import QualificationQueries
import WorkflowKernel

/// Where the uploaded file is.
public enum ImportSource: Sendable, Equatable {
    /// A Redis string holding the file's bytes.
    case redisKey(String)
    /// A file under the worker's import directory (absolute path; ``ImportDirectory``).
    case path(String)
}

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
        let source: JSONValue = switch self.source {
        case .redisKey(let key): ["redisKey": .string(key)]
        case .path(let path): ["path": .string(path)]
        }
        return ["importId": .string(importId), "institutionId": .string(institutionId), "classId": .string(classId),
                "source": source, "format": .string(format), "mode": .string(mode.rawValue)]
    }
}

public enum ImportPayload {
    public static let type = "import.requested"
    public static let formats = ["csv", "xlsx", "auto"]

    public static func decode(_ payload: JSONValue) -> Result<ImportRequest, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let importId = r.identifier("importId")
        let institutionId = r.identifier("institutionId")
        let classId = r.identifier("classId")
        var source: ImportSource?
        if let value = object["source"], value != .null {
            if let o = value.objectValue {
                let key = o["redisKey"]?.stringValue
                let path = o["path"]?.stringValue
                switch (key, path) {
                case (let key?, nil) where !key.isEmpty && key.utf8.count <= 512: source = .redisKey(key)
                case (nil, let path?) where path.hasPrefix("/") && path.utf8.count >= 2 && path.utf8.count <= 4096: source = .path(path)
                case (_?, nil): r.fail("source.redisKey", "field.format", "source.redisKey must be 1-512 bytes")
                case (nil, _?): r.fail("source.path", "field.format", "source.path must be an absolute path (starting with /, at most 4096 bytes)")
                default: r.fail("source", "field.format", "source must hold exactly one of redisKey (1-512 characters) or path (an absolute path)")
                }
            } else {
                r.fail("source", "field.type", "source must be an object, got \(value.typeName)")
            }
        } else {
            r.fail("source", "field.required", "source is required")
        }
        var format: String? = "auto"
        if object["format"] != nil, object["format"] != .null { format = r.oneOf("format", formats) }
        var mode: ImportMode? = .allOrNothing
        if object["mode"] != nil, object["mode"] != .null {
            mode = r.oneOf("mode", ImportMode.allCases.map(\.rawValue)).flatMap(ImportMode.init(rawValue:))
        }
        guard r.errors.isEmpty, let importId, let institutionId, let classId, let source, let format, let mode else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(ImportRequest(importId: importId, institutionId: institutionId, classId: classId, source: source, format: format, mode: mode))
    }
}
