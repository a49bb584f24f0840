import ClassQueries
import JobQueue
import RedisClient
import Testing
import TrainingDomain

/// The enrolment index's buckets and the roster entry's JSON, without Redis.
@Suite struct EnrollmentIndexTests {
    let index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: "vt")

    /// A reply to `command(buckets:)` from entries per bucket and versions.
    func reply(_ buckets: [Int], entries: [Int: [UInt64]] = [:], versions: [Int: String] = [:]) -> RedisReply {
        .array(buckets.flatMap { b -> [RedisReply] in
            let bytes = (entries[b] ?? []).flatMap { e in withUnsafeBytes(of: e.littleEndian) { Array($0) } }
            return [bytes.isEmpty ? .null : .bulk(bytes), versions[b].map { .bulk(Array($0.utf8)) } ?? .null]
        })
    }

    /// Applies HSET/HDEL commands to a model of the hash.
    func apply(_ commands: [RedisCommand], to hash: inout [String: [UInt8]]) {
        for c in commands {
            let args = c.argumentBytes
            if args[0] == Array("HDEL".utf8) {
                for f in args.dropFirst(2) { hash[String(decoding: f, as: UTF8.self)] = nil }
            } else {
                var i = 2
                while i + 1 < args.count { hash[String(decoding: args[i], as: UTF8.self)] = args[i + 1]; i += 2 }
            }
        }
    }

    @Test func claimThenRelease_rewritesOnlyTouchedBuckets_countsVersions_andGuardsThem() throws {
        let ids = (1...300).map { IDs.make($0) }
        let buckets = EnrollmentIndex.buckets(of: ids)
        #expect(buckets == buckets.sorted() && buckets.count > 1 && buckets.count < EnrollmentIndex.bucketCount)
        let empty = try index.answer(buckets: buckets, reply(buckets))
        #expect(!ids.contains { empty.contains($0) })
        #expect(empty.guards == buckets.map { Guard(key: "vt:enrolled:electrician:junior", field: "version:\($0)", expected: "") })
        var hash: [String: [UInt8]] = [:]
        apply(empty.claiming(ids + ids.prefix(3)), to: &hash)
        #expect(hash.count == 2 * buckets.count)
        // Read back: every claimed ID is there, sorted in its bucket, each version 1.
        let entries = Dictionary(uniqueKeysWithValues: buckets.map { b in
            (b, hash["ids:\(b)"].map { bytes in stride(from: 0, to: bytes.count, by: 8).map { i in
                bytes[i..<i + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } } } ?? [])
        })
        #expect(entries.values.allSatisfy { $0 == $0.sorted() } && entries.values.map(\.count).reduce(0, +) == ids.count)
        let read = try index.answer(buckets: buckets, reply(buckets, entries: entries, versions: Dictionary(uniqueKeysWithValues: buckets.map { ($0, "1") })))
        #expect(ids.allSatisfy { read.contains($0) } && !read.contains(IDs.make(999)) && read.count == ids.count)
        // Releasing one student rewrites its bucket only; releasing a whole bucket deletes its entries.
        let bucketOf = { (id: String) in EnrollmentIndex.bucket(of: EnrollmentIndex.entry(id)!) }
        let one = try #require(ids.first { id in ids.filter { bucketOf($0) == bucketOf(id) }.count > 1 })
        let oneBucket = bucketOf(one)
        var after = hash
        apply(read.releasing([one]), to: &after)
        #expect(after.filter { hash[$0.key] != $0.value }.keys.sorted() == ["ids:\(oneBucket)", "version:\(oneBucket)"])
        #expect(after["version:\(oneBucket)"] == Array("2".utf8))
        let bucketIDs = ids.filter { bucketOf($0) == oneBucket }
        apply(read.releasing(bucketIDs), to: &after)
        #expect(after["ids:\(oneBucket)"] == nil && after["version:\(oneBucket)"] == Array("2".utf8))
    }

    @Test func readInGroups_isTheSameAsOneRead() throws {
        let ids = (1...200).map { IDs.make($0) }
        var hash: [String: [UInt8]] = [:]
        let buckets = EnrollmentIndex.buckets(of: ids)
        apply(try index.answer(buckets: buckets, reply(buckets)).claiming(ids.prefix(150)), to: &hash)
        func hmget(_ command: RedisCommand) -> RedisReply {
            .array(command.argumentBytes.dropFirst(2).map { field in hash[String(decoding: field, as: UTF8.self)].map { .bulk($0) } ?? .null })
        }
        let whole = try index.answer(buckets: buckets, hmget(index.command(buckets: buckets)))
        var calls = 0
        let grouped = try index.read(buckets: buckets.reversed(), groupSize: 3) { calls += 1; return hmget($0) }
        #expect(grouped == whole && calls == (buckets.count + 2) / 3)
        #expect(ids.prefix(150).allSatisfy(grouped.contains) && !ids.suffix(50).contains(where: grouped.contains))
        #expect(grouped.count == 150 && grouped.guards == whole.guards)
    }

    @Test func bucketOfAnotherLength_doesNotRead() {
        #expect(throws: RedisError.self) { try index.answer(buckets: [3], .array([.bulk([1, 2, 3]), .null])) }
    }

    @Test func rosterEntry_jsonRoundTrips_withEscapes() throws {
        let record = StudentRecord(idNumber: IDs.male(1), name: "买买提·艾力", gender: .male, phone: "13800138000", studentType: "其他")
        let entry = RosterEntry(record: record, addedAt: "2026-11-29T04:00:00.000Z", source: "imp\"1\\")
        let text = String(decoding: entry.json, as: UTF8.self)
        #expect(text == #"{"name":"买买提·艾力","gender":"男","phone":"13800138000","studentType":"其他","addedAt":"2026-11-29T04:00:00.000Z","source":"imp\"1\\"}"#)
        #expect(try RosterEntry(idNumber: IDs.male(1), json: text) == entry)
        #expect(throws: RosterEntryError.self) { try RosterEntry(idNumber: IDs.male(1), json: #"{"name":"张三"}"#) }
    }
}
