@testable import ClassQueries
import JobQueue
import RedisClient
import Testing
import TrainingDomain

/// The enrolment index's buckets and the roster entry's JSON, without Redis: a model of the keys
/// answers the reads and takes the writes.
@Suite struct EnrollmentIndexTests {
    let index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: "vt")

    /// String keys and hash fields (`key field`) of the model, as bytes.
    final class Model {
        var values: [String: [UInt8]] = [:]
        var reads = 0

        func send(_ commands: [RedisCommand]) -> [RedisReply] {
            reads += 1
            return commands.map { command in
                let args = command.argumentBytes.map { String(decoding: $0, as: UTF8.self) }
                switch args[0] {
                case "HMGET": return .array(args.dropFirst(2).map { values["\(args[1]) \($0)"].map { .bulk($0) } ?? .null })
                case "MGET": return .array(args.dropFirst().map { values[$0].map { .bulk($0) } ?? .null })
                default: return .error("unexpected \(args[0])")
                }
            }
        }

        func apply(_ commands: [RedisCommand]) {
            for command in commands {
                let bytes = command.argumentBytes
                let args = bytes.map { String(decoding: $0, as: UTF8.self) }
                switch args[0] {
                case "APPEND": values[args[1], default: []] += bytes[2]
                case "SET": values[args[1]] = bytes[2]
                case "DEL": values[args[1]] = nil
                case "HSET": for i in stride(from: 2, to: args.count, by: 2) { values["\(args[1]) \(args[i])"] = bytes[i + 1] }
                default: Issue.record("unexpected \(args[0])")
                }
            }
        }
    }

    @Test func claimThenRelease_appendsAndRewritesOnlyTouchedBuckets_countsVersions_andGuardsThem() throws {
        let model = Model()
        let ids = (1...300).map { IDs.make($0) }
        let buckets = EnrollmentIndex.buckets(of: ids)
        #expect(buckets == buckets.sorted() && buckets.count > 1 && buckets.count < EnrollmentIndex.bucketCount)
        let empty = try index.read(buckets: buckets, model.send)
        #expect(!ids.contains { empty.contains($0) } && empty.count == 0)
        #expect(empty.guards == buckets.map { Guard(key: "vt:enrolled:electrician:junior", field: "version:\($0)", expected: "") })
        // Claimed in two parts: the second appends to buckets the first wrote.
        model.apply(empty.claiming(ids.prefix(150) + ids.prefix(3)))
        model.apply(try index.read(buckets: buckets, model.send).claiming(ids.suffix(150)))
        let read = try index.read(buckets: buckets, model.send)
        #expect(ids.allSatisfy { read.contains($0) } && !read.contains(IDs.make(999)) && read.count == ids.count)
        #expect(model.values.keys.filter { $0.hasPrefix("vt:enrolled:electrician:junior:") }.count == buckets.count)

        // Releasing one student rewrites its bucket only; releasing a whole bucket deletes it.
        let bucketOf = { (id: String) in EnrollmentIndex.bucket(of: EnrollmentIndex.entry(id)!) }
        let one = try #require(ids.first { id in ids.filter { bucketOf($0) == bucketOf(id) }.count > 1 })
        let oneBucket = bucketOf(one)
        let before = model.values
        let versionBefore = Int(String(decoding: before["vt:enrolled:electrician:junior version:\(oneBucket)"] ?? [], as: UTF8.self)) ?? 0
        model.apply(read.releasing([one]))
        let changed = Set(model.values.keys).union(before.keys).filter { model.values[$0] != before[$0] }
        #expect(changed == [index.bucketKey(oneBucket), "vt:enrolled:electrician:junior version:\(oneBucket)"])
        let after = try index.read(buckets: buckets, model.send)
        #expect(!after.contains(one) && after.count == ids.count - 1)
        #expect(model.values["vt:enrolled:electrician:junior version:\(oneBucket)"] == Array(String(versionBefore + 1).utf8))
        model.apply(after.releasing(ids.filter { bucketOf($0) == oneBucket }))
        #expect(model.values[index.bucketKey(oneBucket)] == nil)
    }

    @Test func readInGroups_isTheSameAsOneRead() throws {
        let model = Model()
        let ids = (1...200).map { IDs.make($0) }
        let buckets = EnrollmentIndex.buckets(of: ids)
        model.apply(try index.read(buckets: buckets, model.send).claiming(ids.prefix(150)))
        let whole = try index.read(buckets: buckets, groupSize: buckets.count, model.send)
        model.reads = 0
        let grouped = try index.read(buckets: buckets.reversed(), groupSize: 3, model.send)
        #expect(grouped == whole && model.reads == 1)
        #expect(ids.prefix(150).allSatisfy(grouped.contains) && !ids.suffix(50).contains(where: grouped.contains))
        #expect(grouped.count == 150 && grouped.guards == whole.guards)
        // Asking about some students only: they are told apart, the rest of the buckets is not kept.
        let asked = Array(ids.prefix(10)) + Array(ids.suffix(5))
        let partial = try index.read(buckets: buckets, groupSize: 7, only: EnrollmentIndex.entries(of: asked), model.send)
        #expect(ids.prefix(10).allSatisfy(partial.contains) && !ids.suffix(5).contains(where: partial.contains))
        #expect(partial.count == 10 && partial.guards == whole.guards)
        model.apply(partial.claimingAsked())
        #expect(try index.read(buckets: buckets, model.send).count == 155)
    }

    @Test func entryFilter_neverRulesOutAnEntryItHolds_andRulesOutMostOthers() {
        let held = (0..<20_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        let filter = EntryFilter(held)
        #expect(held.allSatisfy(filter.mayContain))
        let heldSet = Set(held)
        let others = (0..<100_000).map { UInt64($0) &* 0xD6E8_FEB8_6659_FD93 &+ 1 }.filter { !heldSet.contains($0) }
        let passed = others.filter(filter.mayContain).count
        #expect(passed < others.count / 8, "\(passed) of \(others.count) others pass a 16-bits-an-entry filter")
        #expect(!EntryFilter([]).mayContain(42))
    }

    @Test func entry_turnsBackIntoItsIDNumber() {
        let ids = (0...400).map { IDs.make($0) } + ["11010519491231002X", "000000000000000000", "999999999999999999",
                                                    "99999999999999999X", "100000000000000000", "000000001000000000"]
        #expect(ids.contains { $0.hasSuffix("X") })
        for id in ids { #expect(DuplicateTracker.idNumber(key: DuplicateTracker.key(id)!) == id) }
    }

    /// The JSON escape test eight bytes at a time says what the byte test says: for every length
    /// up to 40, a byte to escape (or one just beside: 0x1F/0x20, 0x21/0x23, 0x5B/0x5D, 0x80+) at
    /// every position, among ASCII and multi-byte UTF-8.
    @Test func plainTest_agreesWithTheByteTest() {
        let fillers: [UInt8] = [0x41, 0xE5, 0x20, 0x7F, 0xFF]
        let probes: [UInt8] = [0x00, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x80, 0xA2, 0xDC, 0x9F]
        var checked = 0
        for length in 0...40 {
            for filler in fillers {
                let plain = [UInt8](repeating: filler, count: length)
                #expect(plain.withUnsafeBufferPointer(RosterEntry.isPlain) == !plain.contains(where: RosterEntry.needsEscape))
                for position in 0..<length {
                    for probe in probes {
                        var bytes = plain
                        bytes[position] = probe
                        let expected = !bytes.contains(where: RosterEntry.needsEscape)
                        #expect(bytes.withUnsafeBufferPointer(RosterEntry.isPlain) == expected, "\(bytes)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 5 * 14 * (40 * 41 / 2))
    }

    @Test func bucketOfAnotherLength_doesNotRead() {
        #expect(throws: RedisError.self) { try index.read(buckets: [3]) { _ in [.array([.null]), .array([.bulk([1, 2, 3])])] } }
    }

    @Test func rosterEntry_jsonRoundTrips_withEscapes() throws {
        let record = StudentRecord(idNumber: IDs.male(1), name: "买买提·艾力", gender: .male, phone: "13800138000", studentType: "其他")
        let entry = RosterEntry(record: record, addedAt: "2026-11-29T04:00:00.000Z", source: "imp\"1\\")
        let text = String(decoding: entry.json, as: UTF8.self)
        #expect(text == #"{"name":"买买提·艾力","gender":"男","phone":"13800138000","studentType":"其他","addedAt":"2026-11-29T04:00:00.000Z","source":"imp\"1\\"}"#)
        #expect(try RosterEntry(idNumber: IDs.male(1), json: text) == entry)
        #expect(throws: RosterEntryError.self) { try RosterEntry(idNumber: IDs.male(1), json: #"{"name":"张三"}"#) }
        // The length announced for a record without escapes is its JSON's; a record to escape has none.
        let encoder = RosterEntry.Encoder(addedAt: "2026-11-29T04:00:00.000Z", source: "imp\"1\\")
        #expect(encoder.plainCount(record) == encoder.encode(record).count)
        let female = StudentRecord(idNumber: IDs.make(2), name: "欧阳娜娜", gender: .female, phone: "13800138000", studentType: "其他")
        #expect(encoder.plainCount(female) == encoder.encode(female).count)
        for plain in [record, female] {
            let bytes = [UInt8](unsafeUninitializedCapacity: encoder.plainCount(plain)!) { buffer, count in
                encoder.write(plain, at: buffer.baseAddress!)
                count = buffer.count
            }
            #expect(bytes == encoder.encode(plain))
        }
        let quoted = StudentRecord(idNumber: IDs.male(1), name: "张\"三", gender: .male, phone: "13800138000", studentType: "其他")
        #expect(encoder.plainCount(quoted) == nil)
    }
}
