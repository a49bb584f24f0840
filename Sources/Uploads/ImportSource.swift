import JobQueue
/// Where an import job's uploaded file is (`import.requested`, `scores.imported`).
public enum ImportSource: Sendable, Equatable {
    /// A Redis string holding the file's bytes (read with ``RedisStringFile``).
    case redisKey(String)
    /// A file under the worker's import directory (an absolute path; the import worker's
    /// `ImportDirectory` opens it).
    case path(String)

    /// The payload's `source` object.
    public var json: JSONValue {
        switch self {
        case .redisKey(let key): ["redisKey": .string(key)]
        case .path(let path): ["path": .string(path)]
        }
    }
}
