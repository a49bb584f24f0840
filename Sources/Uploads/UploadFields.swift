import ImportScan
import JobQueue
import WorkflowKernel

/// The fields every import job's payload shares (`import.requested`, `scores.imported`): where the
/// uploaded file is, its format, and what an invalid row does to the rest.
public struct UploadFields: Sendable, Equatable {
    public var source: ImportSource
    /// `csv`, `xlsx` or `auto` (sniffed).
    public var format: String
    public var mode: ImportMode

    /// The values `format` may take.
    public static let formats = ["csv", "xlsx", "auto"]

    public init(source: ImportSource, format: String = "auto", mode: ImportMode = .allOrNothing) {
        self.source = source
        self.format = format
        self.mode = mode
    }

    /// Reads `source` (required: exactly one of `redisKey`, 1–512 bytes, or `path`, an absolute
    /// path of at most 4096 bytes), `format` (default `auto`) and `mode` (default
    /// `all_or_nothing`) from `object`, recording every problem in `r`. Nil when one did not read.
    public static func read(_ object: [String: JSONValue], into r: inout PayloadReader) -> UploadFields? {
        var source: ImportSource?
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
        guard let source, let format, let mode else { return nil }
        return UploadFields(source: source, format: format, mode: mode)
    }
}
