import JobQueue
import RedisClient

/// Buckets of an ``EnrollmentIndex`` as read: who is in them, and the writes and guards that
/// claim or release students. Pure.
public struct EnrollmentBuckets: Sendable, Equatable {
    public let index: EnrollmentIndex
    /// The entries of every bucket read, in bucket order, each bucket's sorted.
    let entries: [UInt64]
    /// Bucket `b`'s entries are `entries[starts[b]..<starts[b + 1]]`.
    let starts: [Int]
    /// Bucket `b`'s version as read ("" when absent); nil for a bucket that was not read.
    let versions: [String?]
    /// Read for some entries only (``EnrollmentIndex/read(buckets:groupSize:only:_:)``): the
    /// buckets' other entries are not here, so nothing can be released.
    let partial: Bool
    /// A partial read's entries asked about, grouped by bucket (``EnrollmentIndex/grouped(_:)``).
    let askedEntries: [UInt64]
    let askedStarts: [Int]

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

    /// How many entries the buckets read hold (of a partial read: of those asked about).
    public var count: Int { entries.count }

    /// One guard per bucket read: its version is still the one read.
    public var guards: [Guard] {
        versions.indices.compactMap { b in versions[b].map { Guard(key: index.key, field: "version:\(b)", expected: $0) } }
    }

    /// The writes that add these ID numbers (each in a bucket read, none there yet) to the
    /// index: their entries APPENDed to their buckets, the touched buckets' versions counted up.
    /// Apply them with ``guards`` (of the touched buckets at least).
    public func claiming(_ idNumbers: some Sequence<String>) -> [RedisCommand] {
        claiming(entries: EnrollmentIndex.entries(of: idNumbers))
    }

    /// ``claiming(_:)`` of entries.
    public func claiming(entries: [UInt64]) -> [RedisCommand] {
        claiming(grouped: EnrollmentIndex.grouped(entries))
    }

    /// ``claiming(_:)`` of the entries a partial read asked about that are not in the index
    /// (an import's valid rows, once the students found elsewhere are refused), without grouping
    /// them again.
    public func claimingAsked() -> [RedisCommand] {
        precondition(partial, "only a partial read knows what it asked about")
        return claiming(grouped: (askedEntries, askedStarts))
    }

    private func claiming(grouped: (entries: [UInt64], starts: [Int])) -> [RedisCommand] {
        var commands: [RedisCommand] = []
        let versionsSet = forEachTouchedBucket(grouped) { b, added in
            var append = RedisCommand("APPEND", index.bucketKey(b))
            // Written in place: each entry once (`added` is sorted), unless already in the bucket.
            append.appendArgument { bytes in
                bytes.reserveCapacity(bytes.count + 8 * added.count)
                var last: UInt64?
                for e in added where e != last {
                    last = e
                    if !contains(entry: e) { Self.append(e, to: &bytes) }
                }
            }
            commands.append(append)
        }
        return commands + versionsSet
    }

    /// The writes that remove these ID numbers from the index (a student removed from a roster,
    /// or every student of a class that closes: the e-certificate's closing of a class calls
    /// this with its roster, after reading their buckets), with ``guards``: each touched bucket
    /// rewritten without them (DEL when it empties), its version counted up.
    public func releasing(_ idNumbers: some Sequence<String>) -> [RedisCommand] {
        precondition(!partial, "a partial read of the enrolment index cannot release")
        var commands: [RedisCommand] = []
        let versionsSet = forEachTouchedBucket(EnrollmentIndex.grouped(EnrollmentIndex.entries(of: idNumbers))) { b, removed in
            var kept: [UInt64] = []
            var j = removed.startIndex
            for e in entries[starts[b]..<starts[b + 1]] {
                while j < removed.endIndex && removed[j] < e { j += 1 }
                if j < removed.endIndex && removed[j] == e { continue }
                kept.append(e)
            }
            if kept.isEmpty {
                commands.append(RedisCommand("DEL", index.bucketKey(b)))
            } else {
                var set = RedisCommand("SET", index.bucketKey(b))
                set.append(bytes: Self.encode(kept))
                commands.append(set)
            }
        }
        return commands + versionsSet
    }

    /// Buckets per HSET of versions: 2 arguments each, well under the commit script's `unpack` limit.
    static let bucketsPerCommand = 512

    /// Calls `body` with each touched bucket and the entries in it (sorted, maybe repeated), in
    /// bucket order, given the entries grouped by bucket; returns the HSETs that count the
    /// touched buckets' versions up.
    private func forEachTouchedBucket(_ byBucket: (entries: [UInt64], starts: [Int]), _ body: (Int, ArraySlice<UInt64>) -> Void) -> [RedisCommand] {
        let (grouped, groupStarts) = byBucket
        var commands: [RedisCommand] = []
        var hset = RedisCommand("HSET", index.key)
        var inCommand = 0
        for b in 0..<EnrollmentIndex.bucketCount where groupStarts[b] < groupStarts[b + 1] {
            guard let version = versions[b] else { preconditionFailure("bucket \(b) was not read") }
            body(b, grouped[groupStarts[b]..<groupStarts[b + 1]])
            hset.append("version:\(b)")
            hset.append(String((Int(version) ?? 0) + 1))
            inCommand += 1
            if inCommand == Self.bucketsPerCommand {
                commands.append(hset)
                hset = RedisCommand("HSET", index.key)
                inCommand = 0
            }
        }
        if inCommand > 0 { commands.append(hset) }
        return commands
    }

    static func decode(_ bytes: [UInt8], into entries: inout [UInt64]) {
        bytes.withUnsafeBytes { raw in
            for i in 0..<bytes.count / 8 { entries.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
        }
    }

    /// Appends an entry's 8 bytes, little-endian.
    @inline(__always)
    static func append(_ e: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: e.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func encode(_ entries: some Collection<UInt64>) -> [UInt8] {
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
