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
        var taken = false
        return try read(buckets: buckets, groupSize: max(1, buckets.count)) { _ in
            guard !taken else { throw RedisError(.unexpectedReply, "one reply for \(buckets.count) buckets") }
            taken = true
            return reply
        }
    }

    /// Buckets per HMGET of ``read(buckets:groupSize:_:)``: about 1 MB of reply for a million enrolled.
    public static let bucketsPerRead = 128

    /// `buckets` read `groupSize` at a time (one ``command(buckets:)`` per call of `send`, in order),
    /// so that only one group's reply is held beside the entries decoded so far (a million
    /// enrolled: 8 MB of entries, a reply in one piece would double it twice over). Throws as
    /// ``answer(buckets:_:)``.
    public func read(buckets: [Int], groupSize: Int = bucketsPerRead, _ send: (RedisCommand) throws -> RedisReply) throws -> EnrollmentBuckets {
        let sorted = Array(Set(buckets)).sorted()
        var entries: [UInt64] = []
        var starts = [Int](repeating: 0, count: Self.bucketCount + 1)
        var versions = [String?](repeating: nil, count: Self.bucketCount)
        var filled = 0
        for first in stride(from: 0, to: sorted.count, by: groupSize) {
            let group = Array(sorted[first..<min(first + groupSize, sorted.count)])
            let reply = try send(command(buckets: group))
            try reply.throwingServerError()
            let values = reply.array ?? []
            guard values.count == 2 * group.count else { throw RedisError(.unexpectedReply, "HMGET \(key): \(values.count) values") }
            for (i, b) in group.enumerated() {
                let bytes = values[2 * i].bytes ?? []
                guard bytes.count % 8 == 0 else { throw RedisError(.unexpectedReply, "\(key) ids:\(b) is \(bytes.count) bytes") }
                while filled < b { filled += 1; starts[filled] = entries.count }
                EnrollmentBuckets.decode(bytes, into: &entries)
                versions[b] = values[2 * i + 1].string ?? ""
                filled = b + 1
                starts[filled] = entries.count
            }
        }
        while filled < Self.bucketCount { filled += 1; starts[filled] = entries.count }
        return EnrollmentBuckets(key: key, entries: entries, starts: starts, versions: versions)
    }
}
