import JobQueue
import RedisClient
import TrainingDomain

/// Who is enrolled in the occupation and level: the ID numbers on the roster of a class of
/// that occupation and level that is not closed (one such class per student). The hash
/// `{p}:enrolled:{occupation}:{level}` keeps them in ``bucketCount`` buckets: field `ids:{b}`
/// holds bucket `b`'s entries (each ID number as its 8-byte ``DuplicateTracker/key(_:)``,
/// little-endian, sorted), field `version:{b}` counts the bucket's changes. Every claim and
/// release rewrites the buckets it touches and is guarded by their versions, so two commits
/// that touch a bucket cannot both apply: the loser re-runs and sees the winner's students.
///
/// Why buckets of packed entries, not a field per ID number: an import of 100,000 students
/// then reads and writes about a thousand fields (~8 bytes a student, ~8 MB for a million
/// enrolled), where per-ID fields would cost 100,000 HMGET fields and 100,000 HSET fields in
/// Redis (~110 ms of Redis time, measured), while `student.added` still reads and writes one
/// bucket (a few kilobytes). Written by the import workflow; the class's closing releases its
/// students through ``EnrollmentBuckets/releasing(_:)`` (docs/import-staging.md).
public struct EnrollmentIndex: Sendable, Equatable {
    /// Buckets per occupation and level.
    public static let bucketCount = 1_024
    /// `{p}:enrolled:{occupation}:{level}`.
    public let key: String

    public init(occupation: String, level: SkillLevel, prefix: String) {
        key = Self.key(occupation: occupation, level: level, prefix: prefix)
    }

    /// `{p}:enrolled:{occupation}:{level}`: hash, the enrolment index of an occupation and level.
    public static func key(occupation: String, level: SkillLevel, prefix: String) -> String {
        "\(prefix):enrolled:\(occupation):\(level.rawValue)"
    }

    /// The bucket of an entry: the top bits of a multiplicative hash of the ID number's key.
    public static func bucket(of entry: UInt64) -> Int { Int((entry &* 0x9E37_79B9_7F4A_7C15) >> 54) }

    /// The entry of a valid ID number (nil for text that is not one).
    public static func entry(_ idNumber: String) -> UInt64? { DuplicateTracker.key(idNumber) }

    /// The entries of valid ID numbers (others are left out), in order.
    public static func entries(of idNumbers: some Sequence<String>) -> [UInt64] { idNumbers.compactMap(entry) }

    /// The sorted, distinct buckets of these ID numbers.
    public static func buckets(of idNumbers: some Sequence<String>) -> [Int] { buckets(of: entries(of: idNumbers)) }

    /// The sorted, distinct buckets of these entries.
    public static func buckets(of entries: [UInt64]) -> [Int] {
        var seen = [Bool](repeating: false, count: bucketCount)
        for e in entries { seen[bucket(of: e)] = true }
        return seen.indices.filter { seen[$0] }
    }

    /// The read of `buckets` (their entries and versions): one HMGET, for the caller's pipeline.
    public func command(buckets: [Int]) -> RedisCommand {
        var command = RedisCommand("HMGET", key)
        for b in buckets {
            command.append("ids:\(b)")
            command.append("version:\(b)")
        }
        return command
    }

    /// The answer to ``command(buckets:)``. Throws for an error reply or a bucket whose length is
    /// not a multiple of 8 (changed by hand): the job is retried, then dead, never misapplied.
    public func answer(buckets: [Int], _ reply: RedisReply) throws -> EnrollmentBuckets {
        try reply.throwingServerError()
        let values = reply.array ?? []
        guard values.count == 2 * buckets.count else { throw RedisError(.unexpectedReply, "HMGET \(key): \(values.count) values") }
        var position = [Int?](repeating: nil, count: Self.bucketCount)
        var total = 0
        for (i, b) in buckets.enumerated() {
            position[b] = i
            let bytes = values[2 * i].bytes?.count ?? 0
            guard bytes % 8 == 0 else { throw RedisError(.unexpectedReply, "\(key) ids:\(b) is \(bytes) bytes") }
            total += bytes / 8
        }
        var entries: [UInt64] = []
        entries.reserveCapacity(total)
        var starts = [Int](repeating: 0, count: Self.bucketCount + 1)
        var versions = [String?](repeating: nil, count: Self.bucketCount)
        for b in 0..<Self.bucketCount {
            if let i = position[b] {
                if let bytes = values[2 * i].bytes { EnrollmentBuckets.decode(bytes, into: &entries) }
                versions[b] = values[2 * i + 1].string ?? ""
            }
            starts[b + 1] = entries.count
        }
        return EnrollmentBuckets(key: key, entries: entries, starts: starts, versions: versions)
    }
}
