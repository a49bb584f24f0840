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

    /// The sorted, distinct buckets of these ID numbers.
    public static func buckets(of idNumbers: some Sequence<String>) -> [Int] {
        var seen = [Bool](repeating: false, count: bucketCount)
        for id in idNumbers { if let e = entry(id) { seen[bucket(of: e)] = true } }
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
        var read: [Int: EnrollmentBuckets.Bucket] = [:]
        read.reserveCapacity(buckets.count)
        for (i, b) in buckets.enumerated() {
            let bytes = values[2 * i].bytes ?? []
            guard bytes.count % 8 == 0 else { throw RedisError(.unexpectedReply, "\(key) ids:\(b) is \(bytes.count) bytes") }
            read[b] = EnrollmentBuckets.Bucket(entries: EnrollmentBuckets.decode(bytes), version: values[2 * i + 1].string ?? "")
        }
        return EnrollmentBuckets(key: key, read: read)
    }
}

/// Buckets of an ``EnrollmentIndex`` as read: who is in them, and the writes and guards that
/// claim or release students. Pure.
public struct EnrollmentBuckets: Sendable, Equatable {
    struct Bucket: Sendable, Equatable {
        /// Sorted.
        var entries: [UInt64]
        /// `version:{b}` as read, "" when absent.
        var version: String
    }

    /// The index's hash key.
    public let key: String
    let read: [Int: Bucket]

    /// Whether the ID number is in a bucket that was read (false for one that was not).
    public func contains(_ idNumber: String) -> Bool {
        guard let e = EnrollmentIndex.entry(idNumber), let bucket = read[EnrollmentIndex.bucket(of: e)] else { return false }
        return Self.find(e, in: bucket.entries)
    }

    /// How many entries the buckets read hold.
    public var count: Int { read.values.reduce(0) { $0 + $1.entries.count } }

    /// One guard per bucket read: its version is still the one read.
    public var guards: [Guard] {
        read.keys.sorted().map { Guard(key: key, field: "version:\($0)", expected: read[$0]!.version) }
    }

    /// The writes that add these ID numbers (each in a bucket read, none present yet) to the
    /// index: each touched bucket rewritten with its version counted up. Apply them with
    /// ``guards`` (of the touched buckets at least).
    public func claiming(_ idNumbers: some Sequence<String>) -> [RedisCommand] {
        rewrite(idNumbers) { entries, added in
            // A merge of two sorted lists: an import adds ~100 entries to each of ~1,000 buckets.
            var merged: [UInt64] = []
            merged.reserveCapacity(entries.count + added.count)
            var i = 0
            for e in added {
                while i < entries.count && entries[i] < e { merged.append(entries[i]); i += 1 }
                if i < entries.count && entries[i] == e { continue }
                merged.append(e)
            }
            merged += entries[i...]
            return merged
        }
    }

    /// The writes that remove these ID numbers from the index (a student removed from a roster,
    /// or every student of a class that closes), with ``guards``. An emptied bucket's entries
    /// field is deleted; its version stays.
    public func releasing(_ idNumbers: some Sequence<String>) -> [RedisCommand] {
        rewrite(idNumbers) { entries, removed in
            let gone = Set(removed)
            return entries.filter { !gone.contains($0) }
        }
    }

    /// Buckets per HSET: 4 arguments each, well under the commit script's `unpack` limit.
    static let bucketsPerCommand = 256

    /// Each touched bucket's new entries, from its entries as read and the changes in it
    /// (sorted, distinct), as HSET (and HDEL for emptied buckets) with the versions counted up.
    private func rewrite(_ idNumbers: some Sequence<String>, _ change: ([UInt64], [UInt64]) -> [UInt64]) -> [RedisCommand] {
        var changes: [Int: [UInt64]] = [:]
        for id in idNumbers {
            guard let e = EnrollmentIndex.entry(id) else { continue }
            changes[EnrollmentIndex.bucket(of: e), default: []].append(e)
        }
        var touched: [Int: [UInt64]] = [:]
        for (b, list) in changes {
            guard let bucket = read[b] else { preconditionFailure("bucket \(b) was not read") }
            touched[b] = change(bucket.entries, Array(Set(list)).sorted())
        }
        var commands: [RedisCommand] = []
        var hset = RedisCommand("HSET", key)
        var hdel = RedisCommand("HDEL", key)
        var inCommand = 0
        for b in touched.keys.sorted() {
            let entries = touched[b]!
            if entries.isEmpty {
                hdel.append("ids:\(b)")
            } else {
                hset.append("ids:\(b)")
                hset.append(bytes: Self.encode(entries))
            }
            hset.append("version:\(b)")
            hset.append(String((Int(read[b]!.version) ?? 0) + 1))
            inCommand += 1
            if inCommand == Self.bucketsPerCommand {
                commands.append(hset)
                hset = RedisCommand("HSET", key)
                inCommand = 0
            }
        }
        if inCommand > 0 { commands.append(hset) }
        if hdel.count > 2 { commands.append(hdel) }
        return commands
    }

    static func decode(_ bytes: [UInt8]) -> [UInt64] {
        let count = bytes.count / 8
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }

    static func encode(_ entries: [UInt64]) -> [UInt8] {
        let little = entries.map(\.littleEndian)
        return little.withUnsafeBytes { Array($0) }
    }

    static func insertionPoint(_ e: UInt64, in entries: [UInt64]) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid] < e { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func find(_ e: UInt64, in entries: [UInt64]) -> Bool {
        let i = insertionPoint(e, in: entries)
        return i < entries.count && entries[i] == e
    }
}
