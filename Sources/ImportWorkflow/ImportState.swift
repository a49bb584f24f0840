import ClassQueries
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain

/// What an `import.requested` is decided on, read in one round trip: the class hash, the
/// import's report status and, for a `redisKey` source, the uploaded string's length (and for an
/// open class a second one: its qualification, through `QualificationQuery`); with the
/// guards every ending of the job carries, so that it is applied only on the state it was
/// decided on: the class's `version` (a lock in between re-runs the job), its `rosterVersion`
/// (another import in between) and the report's `status` (the same import id in between).
struct ImportState {
    /// Nil when the class does not exist.
    let record: ClassRecord?
    /// The report's `status`, nil when the import id has no report.
    let reportStatus: String?
    /// STRLEN of the `redisKey` source (0 when the key is missing); nil for a `path` source.
    let sourceSize: Int?
    /// The institution's qualification for the class's occupation and level is active today
    /// (asked only of an open class; true otherwise, where it decides nothing).
    let qualified: Bool
    let guards: [Guard]

    /// Reads the state of `request`. Throws the read's errors, and ``ClassStateError`` for a class
    /// hash that is not a class record.
    static func read(_ request: ImportRequest, keys: ImportKeys, context: JobContext) throws -> ImportState {
        let classKey = keys.classRecord(request.classId)
        var reads = [RedisCommand("HGETALL", classKey), RedisCommand("HGET", keys.report(request.importId), "status")]
        if case .redisKey(let key) = request.source { reads.append(RedisCommand("STRLEN", key)) }
        let replies = try context.read(reads)
        for reply in replies { try reply.throwingServerError() }
        let map = replies[0].fieldMap
        let record = try ClassRecord(classId: request.classId, fields: map)
        let reportStatus = replies[1].string
        var guards = [Guard(key: classKey, field: "version", expected: record.map { String($0.version) } ?? ""),
                      Guard(key: classKey, field: "rosterVersion", expected: map["rosterVersion"] ?? ""),
                      Guard(key: keys.report(request.importId), field: "status", expected: reportStatus ?? "")]
        var qualified = true
        if let record, record.state == .open {
            // A second round trip: the qualification to ask about is the class's.
            let query = QualificationQuery(institutionId: record.institutionId, occupation: record.occupation, level: record.level, keys: context.keys)
            let standing = try query.answer(try context.read(query.command))
            qualified = standing.isActive(on: LocalDate.chinaToday(now: Date(timeIntervalSince1970: Double(context.clock.nowMs()) / 1000)))
            guards.append(standing.versionGuard)
        }
        return ImportState(record: record, reportStatus: reportStatus, sourceSize: replies.count > 2 ? replies[2].int : nil, qualified: qualified,
                           guards: guards)
    }
}
