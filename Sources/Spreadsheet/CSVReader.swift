/// Reads CSV (RFC 4180: `"` quoting, `""` escapes, CRLF or LF line ends) from an
/// ``ImportFile`` in pieces, never holding the whole file: memory is one piece plus a record.
///
/// Encoding: a UTF-8 BOM means UTF-8; otherwise the first piece holding a non-ASCII byte
/// decides: valid UTF-8 there means UTF-8, else GB18030 (GBK, what Chinese Excel saves as
/// "CSV"), converted by glibc's iconv. Bytes that do not decode are `file_unreadable`,
/// naming the row.
public enum CSVReader {
    public typealias Record = SheetRecord

    /// Bytes read from the file at a time.
    public static let defaultChunkSize = 1 << 20

    private enum Encoding { case undecided, utf8, gb18030 }

    /// Calls `body` with each record of `file`, in order. Throws ``SheetReadError``
    /// (`file_unreadable`) or what `body` throws; records before the failure were delivered.
    public static func forEachRecord(in file: any ImportFile, chunkSize: Int = defaultChunkSize,
                                     _ body: (SheetRecord) throws -> Void) throws {
        try forEachCSVRecord(in: file, chunkSize: chunkSize) { record in
            try record.checkUTF8()
            try body(record.record)
        }
    }

    /// ``forEachRecord(in:chunkSize:_:)`` with each record as the parser holds it, its fields'
    /// bytes (``CSVRecord``, valid during the call only): a reader that needs only some fields,
    /// or none as strings, makes no `String` of the others. `body` checks the UTF-8 of the
    /// fields it does not check itself (``CSVRecord/checkUTF8(except:)``) before it reads them.
    public static func forEachCSVRecord(in file: any ImportFile, chunkSize: Int = defaultChunkSize,
                                        _ body: (CSVRecord) throws -> Void) throws {
        var parser = CSVParser()
        var encoding = Encoding.undecided
        var decoder: GB18030Decoder?
        var offset = 0
        let size = file.size
        while offset < size {
            let chunk = try file.read(offset: offset, count: min(max(chunkSize, 4), size - offset))
            if chunk.isEmpty { break }
            var start = 0
            if offset == 0, chunk.starts(with: [0xEF, 0xBB, 0xBF]) {
                start = 3
                encoding = .utf8
            }
            offset += chunk.count
            let final = offset >= size
            if encoding == .undecided, let first = chunk[start...].firstIndex(where: { $0 >= 0x80 }) {
                // Judge at least 64 bytes: a lone lead byte at a piece's end would pass as UTF-8.
                var window = Array(chunk[first...])
                if window.count < 64 && !final { window += try file.read(offset: offset, count: 64) }
                encoding = UTF8Check.isPlausibleUTF8(window[...]) ? .utf8 : .gb18030
                if encoding == .gb18030 { decoder = try GB18030Decoder() }
            }
            if let decoder {
                do {
                    let text = try chunk.withUnsafeBufferPointer { try decoder.decode(UnsafeBufferPointer(rebasing: $0[start...]), final: final) }
                    try text.withUnsafeBufferPointer { try parser.feed($0, body) }
                } catch let undecodable as GB18030Decoder.Undecodable {
                    try undecodable.decoded.withUnsafeBufferPointer { try parser.feed($0, body) }
                    throw SheetReadError.undecodable(row: parser.row)
                }
            } else {
                try chunk.withUnsafeBufferPointer { try parser.feed(UnsafeBufferPointer(rebasing: $0[start...]), body) }
            }
        }
        try parser.finish(body)
    }

    /// Every record of in-memory CSV bytes (tests, small files).
    public static func records(_ bytes: [UInt8], chunkSize: Int = defaultChunkSize) throws -> [Record] {
        var records: [Record] = []
        try forEachRecord(in: InMemoryFile(bytes), chunkSize: chunkSize) { records.append($0) }
        return records
    }
}

/// UTF-8 validity checks on bytes (the parser's per-field check and the encoding guess).
enum UTF8Check {
    /// True when `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past
    /// U+10FFFF). ASCII runs cost one comparison a byte.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xED: length = 3; high = 0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; low = 0x90
            case 0xF4: length = 4; high = 0x8F
            case 0xF1...0xF3: length = 4
            default: return false
            }
            guard i + length <= n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return false }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }

    /// True when `bytes` are valid UTF-8, allowing the last character to be cut off (the
    /// window may end inside it).
    static func isPlausibleUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00..<0x80: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            guard i + length <= end else {
                return bytes[(i + 1)...].allSatisfy { $0 & 0xC0 == 0x80 }
            }
            guard bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) else { return false }
            i += length
        }
        return true
    }
}
