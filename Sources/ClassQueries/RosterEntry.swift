import JobQueue
import RedisClient
import TrainingDomain

/// One student of a class roster as `{p}:class:{classId}:students` keeps it: the field is the ID
/// number, the value the JSON `{"name", "gender", "phone", "studentType", "addedAt", "source"}`
/// (`gender` 男 or 女 as in the template, `addedAt` RFC 3339, `source` the import id or the id of
/// the job that added the student). Written by the import workflow (an import's staged commit,
/// `student.added`); read by everyone through ``ClassQuery``.
public struct RosterEntry: Sendable, Equatable {
    public let record: StudentRecord
    /// When the student joined the roster (RFC 3339).
    public let addedAt: String
    /// The import id, or the id of the `student.added` job.
    public let source: String

    public init(record: StudentRecord, addedAt: String, source: String) {
        self.record = record
        self.addedAt = addedAt
        self.source = source
    }

    /// The hash value.
    public var json: [UInt8] { Encoder(addedAt: addedAt, source: source).encode(record) }

    /// Reads a roster value. Throws for a value that is not such a JSON object (changed by hand):
    /// the job reading it is retried, then dead, never misapplied.
    public init(idNumber: String, json: String) throws(RosterEntryError) {
        let value: JSONValue
        do { value = try JSONValue.parse(json) } catch { throw RosterEntryError(idNumber: idNumber, reason: error.description) }
        guard let name = value["name"]?.stringValue, let genderText = value["gender"]?.stringValue,
              let gender = Gender(chinese: genderText), let phone = value["phone"]?.stringValue,
              let studentType = value["studentType"]?.stringValue, let addedAt = value["addedAt"]?.stringValue,
              let source = value["source"]?.stringValue
        else { throw RosterEntryError(idNumber: idNumber, reason: "not a roster entry") }
        self.init(record: StudentRecord(idNumber: idNumber, name: name, gender: gender, phone: phone, studentType: studentType),
                  addedAt: addedAt, source: source)
    }

    /// Writes roster values with one `addedAt` and `source` (an import's 100,000 of them), as
    /// UTF-8 bytes directly: the fields' order is fixed, only their texts are escaped.
    public struct Encoder: Sendable {
        private static let head: StaticString = #"{"name":""#
        private static let male: StaticString = #"","gender":"男","phone":""#
        private static let female: StaticString = #"","gender":"女","phone":""#
        private static let typeKey: StaticString = #"","studentType":""#
        /// `","addedAt":"…","source":"…"}`: the same for every student of an import.
        private let tail: [UInt8]

        public init(addedAt: String, source: String) {
            var tail = Array(#"","addedAt":"#.utf8)
            RosterEntry.appendString(addedAt, to: &tail)
            tail += Array(#","source":"#.utf8)
            RosterEntry.appendString(source, to: &tail)
            tail.append(UInt8(ascii: "}"))
            self.tail = tail
        }

        /// `{"name":…,"gender":…,"phone":…,"studentType":…,"addedAt":…,"source":…}`.
        public func encode(_ record: StudentRecord) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(64 + record.name.utf8.count + record.studentType.utf8.count + tail.count)
            write(record, to: &out)
            return out
        }

        /// ``encode(_:)`` appended to `out`: the fixed parts as prepared bytes, the texts between
        /// them (an import writes 100,000 of these on the stager thread).
        public func write(_ record: StudentRecord, to out: inout [UInt8]) {
            Self.head.withUTF8Buffer { out.append(contentsOf: $0) }
            RosterEntry.appendContent(record.name, to: &out)
            (record.gender == .male ? Self.male : Self.female).withUTF8Buffer { out.append(contentsOf: $0) }
            RosterEntry.appendContent(record.phone, to: &out)
            Self.typeKey.withUTF8Buffer { out.append(contentsOf: $0) }
            RosterEntry.appendContent(record.studentType, to: &out)
            tail.withUnsafeBufferPointer { out.append(contentsOf: $0) }
        }

        /// ``write(_:to:)`` through a pointer, for a record with a ``plainCount(_:)``: exactly
        /// that many bytes, copied in place (an import's 100,000 on the stager thread).
        public func write(_ record: StudentRecord, at start: UnsafeMutablePointer<UInt8>) {
            var at = Self.copy(Self.head, to: start)
            at = RosterEntry.copyUTF8(record.name, to: at)
            at = Self.copy(record.gender == .male ? Self.male : Self.female, to: at)
            at = RosterEntry.copyUTF8(record.phone, to: at)
            at = Self.copy(Self.typeKey, to: at)
            at = RosterEntry.copyUTF8(record.studentType, to: at)
            tail.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
        }

        private static func copy(_ text: StaticString, to at: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
            at.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            return at + text.utf8CodeUnitCount
        }

        /// `records` as HSET arguments, ID number and roster value for each, written in place into
        /// `buffer` (lengths first, then the bytes, no intermediate array) when none of their
        /// texts needs escaping (a validated student's never does); false, nothing written,
        /// otherwise. Each record is read where it lies, not copied (an import's stager writes
        /// 100,000 of them).
        public func appendPlainArguments(of records: UnsafeBufferPointer<StudentRecord>, to buffer: inout RedisProtocolBuffer) -> Bool {
            var lengths: [Int] = []
            lengths.reserveCapacity(2 * records.count)
            for i in records.indices {
                guard let count = plainCount(records[i]) else { return false }
                lengths.append(records[i].idNumberCount)
                lengths.append(count)
            }
            buffer.appendArguments(lengths) { i, at in
                if i & 1 == 0 { records[i >> 1].writeIDNumber(at: at) } else { write(records[i >> 1], at: at) }
            }
            return true
        }

        /// The length of ``encode(_:)``'s bytes when none of the record's texts needs escaping
        /// (a validated student's never does); nil otherwise. A writer announcing the length
        /// first (the staged HSETs) then writes them in one pass.
        public func plainCount(_ record: StudentRecord) -> Int? {
            guard let name = RosterEntry.plainCount(record.name), let phone = RosterEntry.plainCount(record.phone),
                  let type = RosterEntry.plainCount(record.studentType) else { return nil }
            let gender = record.gender == .male ? Self.male.utf8CodeUnitCount : Self.female.utf8CodeUnitCount
            return Self.head.utf8CodeUnitCount + name + gender + phone + Self.typeKey.utf8CodeUnitCount + type + tail.count
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `"text"` with `"`, `\` and control characters escaped.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        appendContent(text, to: &out)
        out.append(0x22)
    }

    /// The UTF-8 length of `text` when it needs no escaping; nil when it does.
    static func plainCount(_ text: String) -> Int? {
        let plain = text.utf8.withContiguousStorageIfAvailable(isPlain) ?? !text.utf8.contains(where: needsEscape)
        return plain ? text.utf8.count : nil
    }

    /// True when none of the bytes needs escaping: eight at a time (`"`, `\` or a byte below
    /// 0x20 found with the word tricks for a byte equal to or below a value, exact as a test).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs = ones &* 0x80
        func escapes(_ w: UInt64) -> Bool {
            let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
            return ((w &- ones &* 0x20) & ~w | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs != 0
        }
        guard bytes.count >= 8 else { return !bytes.contains(where: needsEscape) }
        // Whole words, then the last eight bytes (overlapping the word before).
        var i = 0
        while i + 8 <= bytes.count {
            if escapes(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return false }
            i += 8
        }
        return i == bytes.count || !escapes(base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self))
    }

    /// Copies `text`'s UTF-8 bytes to `at`; returns the pointer past them.
    static func copyUTF8(_ text: String, to at: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        if let end = text.utf8.withContiguousStorageIfAvailable({ bytes -> UnsafeMutablePointer<UInt8> in
            if let base = bytes.baseAddress { at.update(from: base, count: bytes.count) }
            return at + bytes.count
        }) { return end }
        var at = at
        for byte in text.utf8 {
            at.pointee = byte
            at += 1
        }
        return at
    }

    /// `"`, `\` and control characters: escaped in a JSON string.
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// A string's content with `"`, `\` and control characters escaped (validated names,
    /// phones and types never need it: copied whole).
    static func appendContent(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            if !bytes.contains(where: needsEscape) {
                out.append(contentsOf: bytes)
                return
            }
            for b in bytes {
                switch b {
                case 0x22, 0x5C: out.append(0x5C); out.append(b)
                case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
                default: out.append(b)
                }
            }
        }
    }
}

/// A roster value that is not a roster entry.
public struct RosterEntryError: Error, Sendable, CustomStringConvertible {
    public let idNumber: String
    public let reason: String
    public var description: String { "the roster value of \(ResidentIDNumber.mask(idNumber)) does not read: \(reason)" }
}
