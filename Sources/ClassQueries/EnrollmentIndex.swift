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

/// Buckets of an ``EnrollmentIndex`` as read: who is in them, and the writes and guards that
/// claim or release students. Pure.
public struct EnrollmentBuckets: Sendable, Equatable {
    /// The index's hash key.
    public let key: String
    /// The entries of every bucket read, in bucket order, each bucket's sorted.
    let entries: [UInt64]
    /// Bucket `b`'s entries are `entries[starts[b]..<starts[b + 1]]`.
    let starts: [Int]
    /// Bucket `b`'s version as read ("" when absent); nil for a bucket that was not read.
    let versions: [String?]

    /// Whether the ID number is in a bucket that was read (false for one that was not).
    public func contains(_ idNumber: String) -> Bool {
        EnrollmentIndex.entry(idNumber).map(contains(entry:)) ?? false
    }

    /// Whether the entry is in a bucket that was read.
    public func contains(entry e: UInt64) -> Bool {
        let b = EnrollmentIndex.bucket(of: e)
        return entries.withUnsafeBufferPointer { all in
            let i = Self.insertionPoint(e, in: all, from: starts[b], to: starts[b + 1])
            return i < starts[b + 1] && all[i] == e
        }
    }

    /// How many entries the buckets read hold.
    public var count: Int { entries.count }

    /// One guard per bucket read: its version is still the one read.
    public var guards: [Guard] {
        versions.indices.compactMap { b in versions[b].map { Guard(key: key, field: "version:\(b)", expected: $0) } }
    }

    /// The writes that add these ID numbers (each in a bucket read) to the index: each touched
    /// bucket rewritten with its version counted up. Apply them with ``guards`` (of the touched
    /// buckets at least).
    public func claiming(_ idNumbers: some Sequence<String>) -> [RedisCommand] {
        claiming(entries: EnrollmentIndex.entries(of: idNumbers))
    }

    /// ``claiming(_:)`` of entries.
    public func claiming(entries: [UInt64]) -> [RedisCommand] {
        rewrite(entries) { entries, added in
            // A merge of two sorted lists: an import adds ~100 entries to each of ~1,000 buckets.
            var merged: [UInt64] = []
            merged.reserveCapacity(entries.count + added.count)
            var i = entries.startIndex
            for e in added {
                while i < entries.endIndex && entries[i] < e { merged.append(entries[i]); i += 1 }
                if i < entries.endIndex && entries[i] == e { continue }
                merged.append(e)
            }
            merged += entries[i...]
            return merged
        }
    }

    /// The writes that remove these ID numbers from the index (a student removed from a roster,
    /// or every student of a class that closes: the e-certificate's closing of a class calls
    /// this with its roster, after reading their buckets), with ``guards``. An emptied bucket's
    /// entries field is deleted; its version stays.
    public func releasing(_ idNumbers: some Sequence<String>) -> [RedisCommand] {
        rewrite(EnrollmentIndex.entries(of: idNumbers)) { entries, removed in
            var kept: [UInt64] = []
            kept.reserveCapacity(entries.count)
            var j = removed.startIndex
            for e in entries {
                while j < removed.endIndex && removed[j] < e { j += 1 }
                if j < removed.endIndex && removed[j] == e { continue }
                kept.append(e)
            }
            return kept
        }
    }

    /// Buckets per HSET: 4 arguments each, well under the commit script's `unpack` limit.
    static let bucketsPerCommand = 256

    /// Each touched bucket's new entries, from its entries as read and the changes in it
    /// (sorted, distinct), as HSET (and HDEL for emptied buckets) with the versions counted up.
    private func rewrite(_ entries: [UInt64], _ change: (ArraySlice<UInt64>, ArraySlice<UInt64>) -> [UInt64]) -> [RedisCommand] {
        // The entries grouped by bucket (a counting sort), each group sorted and without repeats.
        var groupStarts = [Int](repeating: 0, count: EnrollmentIndex.bucketCount + 1)
        for e in entries { groupStarts[EnrollmentIndex.bucket(of: e) + 1] += 1 }
        for b in 0..<EnrollmentIndex.bucketCount { groupStarts[b + 1] += groupStarts[b] }
        var grouped = [UInt64](repeating: 0, count: entries.count)
        var next = groupStarts
        for e in entries {
            let b = EnrollmentIndex.bucket(of: e)
            grouped[next[b]] = e
            next[b] += 1
        }
        var commands: [RedisCommand] = []
        var hset = RedisCommand("HSET", key)
        var hdel = RedisCommand("HDEL", key)
        var inCommand = 0
        for b in 0..<EnrollmentIndex.bucketCount where groupStarts[b] < groupStarts[b + 1] {
            guard let version = versions[b] else { preconditionFailure("bucket \(b) was not read") }
            grouped[groupStarts[b]..<groupStarts[b + 1]].sort()
            var changes = grouped[groupStarts[b]..<groupStarts[b + 1]]
            if changes.count > 1 {
                var distinct: [UInt64] = []
                for e in changes where distinct.last != e { distinct.append(e) }
                changes = distinct[...]
            }
            let updated = change(self.entries[self.starts[b]..<self.starts[b + 1]], changes)
            if updated.isEmpty {
                hdel.append("ids:\(b)")
            } else {
                hset.append("ids:\(b)")
                hset.append(bytes: Self.encode(updated))
            }
            hset.append("version:\(b)")
            hset.append(String((Int(version) ?? 0) + 1))
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

    static func decode(_ bytes: [UInt8], into entries: inout [UInt64]) {
        bytes.withUnsafeBytes { raw in
            for i in 0..<bytes.count / 8 { entries.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
        }
    }

    static func encode(_ entries: [UInt64]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: entries.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (i, e) in entries.enumerated() { raw.storeBytes(of: e.littleEndian, toByteOffset: i * 8, as: UInt64.self) }
        }
        return bytes
    }

    static func insertionPoint(_ e: UInt64, in entries: UnsafeBufferPointer<UInt64>, from start: Int, to end: Int) -> Int {
        var low = start, high = end
        while low < high {
            let mid = (low + high) / 2
            if entries[mid] < e { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
