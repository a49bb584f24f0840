import JobQueue
import RedisClient

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
