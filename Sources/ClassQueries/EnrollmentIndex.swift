import JobQueue
import RedisClient
import TrainingDomain

/// Who is enrolled in an occupation and level: the ID numbers on the rosters of its classes
/// that are not closed (one such class per student). Kept in ``bucketCount`` buckets: the
/// string `{p}:enrolled:{occupation}:{level}:{b}` holds bucket `b`'s entries (each ID number as
/// its 8-byte ``DuplicateTracker/key(_:)``, little-endian, in the order claimed), and field
/// `version:{b}` of the hash `{p}:enrolled:{occupation}:{level}` counts the bucket's changes.
/// A claim APPENDs its entries to their buckets, a release rewrites its buckets; both count the
/// touched buckets' versions up and are guarded by the versions read, so two commits that touch
/// a bucket cannot both apply: the loser re-runs and sees the winner's students.
///
/// Why packed buckets, not a field per ID number: an import of 100,000 students then reads
/// about 2,000 keys and fields (~8 bytes a student, ~8 MB for a million enrolled) and appends
/// ~800 KB, where per-ID fields would cost 100,000 HMGET fields and 100,000 HSET fields in
/// Redis (~110 ms of Redis time, measured); `student.added` reads one bucket (a few kilobytes)
/// and appends 8 bytes. Written by the import workflow; the class's closing releases its
/// students through ``EnrollmentBuckets/releasing(_:)`` (docs/import-staging.md).
public struct EnrollmentIndex: Sendable, Equatable {
    /// Buckets per occupation and level.
    public static let bucketCount = 1_024
    /// `{p}:enrolled:{occupation}:{level}`: the hash of the buckets' versions.
    public let key: String

    public init(occupation: String, level: SkillLevel, prefix: String) {
        key = Self.key(occupation: occupation, level: level, prefix: prefix)
    }

    /// `{p}:enrolled:{occupation}:{level}`: hash, the versions of the enrolment index's buckets.
    public static func key(occupation: String, level: SkillLevel, prefix: String) -> String {
        "\(prefix):enrolled:\(occupation):\(level.rawValue)"
    }

    /// `{p}:enrolled:{occupation}:{level}:{b}`: string, bucket `b`'s entries.
    public func bucketKey(_ b: Int) -> String { "\(key):\(b)" }

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

    /// The reads of `buckets` (versions, entries): an HMGET and an MGET, for one round trip.
    public func commands(buckets: [Int]) -> [RedisCommand] {
        var hmget = RedisCommand("HMGET", key)
        var mget = RedisCommand("MGET")
        for b in buckets {
            hmget.append("version:\(b)")
            mget.append(bucketKey(b))
        }
        return [hmget, mget]
    }

    /// Buckets per HMGET and MGET of ``read(buckets:groupSize:only:_:)``.
    public static let bucketsPerRead = 128

    /// Every bucket, in order.
    public static let allBuckets = Array(0..<bucketCount)

    /// What ``read(buckets:groupSize:only:_:)`` sends for `buckets`: the reads of each group of
    /// `groupSize` of them (distinct, in order), for one round trip. A caller may send them ahead
    /// (an import, while its file is scanned) and hand the replies to the read.
    public func readCommands(buckets: [Int], groupSize: Int = bucketsPerRead) -> [RedisCommand] {
        Self.groups(buckets, size: groupSize).flatMap(commands(buckets:))
    }

    private static func groups(_ buckets: [Int], size: Int) -> [[Int]] {
        let sorted = Array(Set(buckets)).sorted(), size = max(1, size)
        return stride(from: 0, to: sorted.count, by: size).map { Array(sorted[$0..<min($0 + size, sorted.count)]) }
    }

    /// `buckets` read in groups of `groupSize` (``commands(buckets:)`` of every group through one
    /// call of `send`: one round trip). With `only`, a bucket keeps just those of its entries that are in `only` (an
    /// import asks about its own students: a million enrolled cost it 8 MB of reads, not of
    /// memory); such a read can tell who of `only` is enrolled and claim, not release. Throws for
    /// an error reply or a bucket whose length is not a multiple of 8 (changed by hand): the job
    /// is retried, then dead, never misapplied.
    public func read(buckets: [Int], groupSize: Int = bucketsPerRead, only: [UInt64]? = nil,
                     _ send: ([RedisCommand]) throws -> [RedisReply]) throws -> EnrollmentBuckets {
        let asked = only.map(Self.grouped)
        let filter = only.map(EntryFilter.init)
        var entries: [UInt64] = []
        var starts = [Int](repeating: 0, count: Self.bucketCount + 1)
        var versions = [String?](repeating: nil, count: Self.bucketCount)
        var filled = 0
        let groups = Self.groups(buckets, size: groupSize)
        // Every group in one round trip: a trip may wait behind another connection's command (the
        // stager's HSETs while an import checks its students), so fewer trips, less waiting.
        let replies = groups.isEmpty ? [] : try send(groups.flatMap(commands(buckets:)))
        guard replies.count == 2 * groups.count else { throw RedisError(.unexpectedReply, "\(key): \(replies.count) replies") }
        for (g, group) in groups.enumerated() {
            for reply in replies[2 * g...2 * g + 1] { try reply.throwingServerError() }
            let versionValues = replies[2 * g].array ?? [], bucketValues = replies[2 * g + 1].array ?? []
            guard versionValues.count == group.count, bucketValues.count == group.count else {
                throw RedisError(.unexpectedReply, "\(key): \(versionValues.count) versions, \(bucketValues.count) buckets")
            }
            for (i, b) in group.enumerated() {
                let bytes = bucketValues[i].bytes ?? []
                guard bytes.count % 8 == 0 else { throw RedisError(.unexpectedReply, "\(bucketKey(b)) is \(bytes.count) bytes") }
                while filled < b { filled += 1; starts[filled] = entries.count }
                if let asked, let filter, asked.starts[b] < asked.starts[b + 1] {
                    // The entries of `only` in this bucket: each of the bucket's looked up among them
                    // (sorted), without decoding or sorting the bucket (a million enrolled); most
                    // are ruled out by the filter's one bit first.
                    let start = entries.count
                    filter.collect(bytes, among: asked.entries, from: asked.starts[b], to: asked.starts[b + 1], into: &entries)
                    entries[start...].sort()
                } else if asked == nil {
                    // Claims append: each bucket sorted here, for the binary searches and the merge.
                    let start = entries.count
                    EnrollmentBuckets.decode(bytes, into: &entries)
                    entries[start...].sort()
                }
                versions[b] = versionValues[i].string ?? ""
                filled = b + 1
                starts[filled] = entries.count
            }
        }
        while filled < Self.bucketCount { filled += 1; starts[filled] = entries.count }
        return EnrollmentBuckets(index: self, entries: entries, starts: starts, versions: versions, partial: only != nil,
                                 askedEntries: asked?.entries ?? [], askedStarts: asked?.starts ?? [])
    }

    /// Entries grouped by bucket (a counting sort), each group sorted: group `b` is
    /// `entries[starts[b]..<starts[b + 1]]`.
    static func grouped(_ entries: [UInt64]) -> (entries: [UInt64], starts: [Int]) {
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        for e in entries { starts[bucket(of: e) + 1] += 1 }
        for b in 0..<bucketCount { starts[b + 1] += starts[b] }
        var grouped = [UInt64](repeating: 0, count: entries.count)
        var next = starts
        for e in entries {
            let b = bucket(of: e)
            grouped[next[b]] = e
            next[b] += 1
        }
        for b in 0..<bucketCount where starts[b + 1] - starts[b] > 1 { grouped[starts[b]..<starts[b + 1]].sort() }
        return (grouped, starts)
    }
}

/// A bitmap of entries, one bit each (of a hash unlike the bucket's), at least 16 bits an
/// entry: an entry whose bit is clear is not among them; one whose bit is set may be (about one
/// in sixteen of the others). An import's read of a million enrolled tests each of them against
/// its own students with one bit in a cache-sized bitmap before a binary search (measured: the
/// searches took ~12 ms of an import's 100,000 students).
struct EntryFilter {
    private var words: [UInt64]
    private let shift: UInt64

    init(_ entries: [UInt64]) {
        var bits = 1 << 10
        while bits < entries.count * 16 { bits <<= 1 }
        words = [UInt64](repeating: 0, count: bits / 64)
        shift = UInt64(64 - bits.trailingZeroBitCount)
        for e in entries {
            let (word, mask) = Self.bit(of: e, shift: shift)
            words[word] |= mask
        }
    }

    func mayContain(_ entry: UInt64) -> Bool {
        let (word, mask) = Self.bit(of: entry, shift: shift)
        return words[word] & mask != 0
    }

    /// Appends to `found` the entries of `bucket` (8 bytes each, little-endian) that are among
    /// `sorted[from..<to]`, in the bucket's order: one bit tested for each, a binary search for
    /// the few that pass. The loop of an import's check against a million enrolled, on raw
    /// pointers (~13 instructions an entry instead of ~56 through the arrays).
    func collect(_ bucket: [UInt8], among sorted: [UInt64], from: Int, to: Int, into found: inout [UInt64]) {
        let shift = shift
        words.withUnsafeBufferPointer { words in
            sorted.withUnsafeBufferPointer { sorted in
                bucket.withUnsafeBytes { raw in
                    for k in 0..<raw.count / 8 {
                        let e = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k &* 8, as: UInt64.self))
                        let (word, mask) = Self.bit(of: e, shift: shift)
                        guard words[word] & mask != 0 else { continue }
                        let j = EnrollmentBuckets.insertionPoint(e, in: sorted, from: from, to: to)
                        if j < to && sorted[j] == e { found.append(e) }
                    }
                }
            }
        }
    }

    /// The entry's bit: its word and the mask in it (the top bits of a hash unlike the bucket's).
    @inline(__always)
    private static func bit(of entry: UInt64, shift: UInt64) -> (word: Int, mask: UInt64) {
        let bit = ((entry ^ (entry &>> 29)) &* 0xBF58_476D_1CE4_E5B9) &>> shift
        return (Int(truncatingIfNeeded: bit &>> 6), 1 &<< (bit & 63))
    }
}
