import ImportScan
import JobQueue
import WorkflowKernel

/// A `scores.imported` payload (批量录入成绩): the fields of `import.requested`.
public struct ScoresImportRequest: Sendable, Equatable {
    /// Where the uploaded file is: a Redis string (`redisKey`) or a `path` (refused: the training
    /// worker reads no local files).
    public enum Source: Sendable, Equatable {
        case redisKey(String)
        case path(String)
    }

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
        let source: JSONValue = switch self.source {
        case .redisKey(let key): ["redisKey": .string(key)]
        case .path(let path): ["path": .string(path)]
        }
        return ["importId": .string(importId), "institutionId": .string(institutionId), "classId": .string(classId),
                "source": source, "format": .string(format), "mode": .string(mode.rawValue)]
    }
}

/// Decoding of `scores.imported`, by the rules of `import.requested`'s payload.
public enum ScoresImportPayload {
    public static let type = "scores.imported"
    public static let formats = ["csv", "xlsx", "auto"]

    public static func decode(_ payload: JSONValue) -> Result<ScoresImportRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(TrainingPayload.notObject(payload)) }
        var r = PayloadReader(object)
        let importId = r.identifier("importId")
        let institutionId = r.identifier("institutionId")
        let classId = r.identifier("classId")
        var source: ScoresImportRequest.Source?
        switch object["source"] {
        case nil, .null?:
            r.fail("source", "field.required", "source is required")
        case .object(let o)?:
            switch (o["redisKey"]?.stringValue, o["path"]?.stringValue) {
            case (let key?, nil) where !key.isEmpty && key.utf8.count <= 512: source = .redisKey(key)
            case (nil, let path?) where path.hasPrefix("/") && path.utf8.count >= 2 && path.utf8.count <= 4096: source = .path(path)
            case (_?, nil): r.fail("source.redisKey", "field.format", "source.redisKey must be 1-512 bytes")
            case (nil, _?): r.fail("source.path", "field.format", "source.path must be an absolute path (starting with /, at most 4096 bytes)")
            default: r.fail("source", "field.format", "source must hold exactly one of redisKey (1-512 characters) or path (an absolute path)")
            }
        case let other?:
            r.fail("source", "field.type", "source must be an object, got \(other.typeName)")
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
        return .success(ScoresImportRequest(importId: importId, institutionId: institutionId, classId: classId, source: source, format: format, mode: mode))
    }
}
