import JobQueue
import RedisClient
import Spreadsheet

/// An uploaded file stored as a Redis string by the platform, read in pieces with GETRANGE
/// through the job's read connection (never GET of the whole value).
public struct RedisStringFile: ImportFile {
    public let key: String
    /// STRLEN of the key when the job started.
    public let size: Int
    let context: JobContext

    public init(key: String, size: Int, context: JobContext) {
        self.key = key
        self.size = size
        self.context = context
    }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset < size, count > 0 else { return [] }
        let last = min(size, offset + count) - 1
        return try context.read(RedisCommand("GETRANGE", key, String(offset), String(last))).throwingServerError().bytes ?? []
    }
}
