#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The RFC 4180 state machine of ``CSVReader``, fed UTF-8 bytes in pieces of any size: a quote,
/// a `""` escape, a CRLF or a multi-byte character may be split between two pieces. Each record
/// carries the row number Excel shows for it (a quoted field spanning lines stays one row).
///
/// Fields are made into `String`s straight from the piece when they lie inside it (no copy into
/// a field buffer), and are validated as UTF-8 as they are decoded: invalid bytes are `file_unreadable`,
/// naming the row.
struct CSVParser {
    private static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// The line the parser is on (1-based; a newline inside quotes counts).
    private(set) var row = 1
    private var recordRow = 1
    private var fields: [String] = []
    /// The current field's bytes when it spans pieces or holds a `""` escape.
    private var field: [UInt8] = []
    /// The current field has content (bytes or an opening quote) not yet in `field`'s bytes.
    private var fieldStarted = false
    private var inQuotes = false
    /// Inside quotes, a `"` was the last byte: an escape if the next is `"` too, else the close.
    private var quoteSeen = false
    /// A record just ended with CR: a following LF belongs to it.
    private var skipLF = false
    private var quoteRow = 1
    private var width = 6

    /// Parses `bytes`, calling `emit` for each record completed in them.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (SheetRecord) throws -> Void) throws {
        let n = bytes.count
        var i = 0
        while i < n {
            if skipLF {
                skipLF = false
                if bytes[i] == Self.lf { i += 1; continue }
            }
            if inQuotes {
                if quoteSeen {
                    quoteSeen = false
                    if bytes[i] == Self.quote { field.append(Self.quote); i += 1; continue }
                    inQuotes = false
                } else {
                    // Copy the run up to the next quote, counting line breaks.
                    var j = i
                    while j < n, bytes[j] != Self.quote {
                        if bytes[j] == Self.lf { row += 1 }
                        j += 1
                    }
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    if j < n { quoteSeen = true; j += 1 }
                    i = j
                    continue
                }
            }
            let b = bytes[i]
            if b == Self.quote, field.isEmpty, !fieldStarted {
                inQuotes = true
                fieldStarted = true
                quoteRow = row
                i += 1
                continue
            }
            // An unquoted run: up to the next delimiter, noting whether it is all ASCII.
            var j = i
            var bits: UInt8 = 0
            while j < n {
                let c = bytes[j]
                if c == Self.comma || c == Self.lf || c == Self.cr { break }
                bits |= c
                j += 1
            }
            if j < n, field.isEmpty, !fieldStarted {
                try endField(UnsafeBufferPointer(rebasing: bytes[i..<j]), ascii: bits < 0x80)
            } else {
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                fieldStarted = true
                if j == n { return }
                try field.withUnsafeBufferPointer { try endField($0) }
                field.removeAll(keepingCapacity: true)
            }
            let d = bytes[j]
            i = j + 1
            if d != Self.comma {
                try endRecord(emit)
                skipLF = d == Self.cr
            }
        }
    }

    /// Ends the input: the last record (without a line end), or `file_unreadable` for an
    /// unclosed quote.
    mutating func finish(_ emit: (SheetRecord) throws -> Void) throws {
        if inQuotes && !quoteSeen {
            throw SheetReadError.unreadable("第\(quoteRow)行的引号没有闭合，请检查该行的双引号")
        }
        inQuotes = false
        quoteSeen = false
        if !field.isEmpty || fieldStarted || !fields.isEmpty {
            try field.withUnsafeBufferPointer { try endField($0) }
            field.removeAll()
            try endRecord(emit)
        }
    }

    /// `ascii`: the bytes are known to be ASCII (valid UTF-8 without a check). Other bytes are
    /// validated by the decoding itself: it repairs what is invalid, so a string whose bytes are
    /// not the field's was not UTF-8 (one pass and a memcmp, not a check and then a decoding).
    private mutating func endField(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool = false) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        guard ascii || Self.holds(text, exactly: bytes) else {
            throw SheetReadError.unreadable("第\(row)行含有无法识别的字符：文件应以UTF-8或GBK编码保存")
        }
        fields.append(text)
        fieldStarted = false
    }

    private static func holds(_ text: String, exactly bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let same = text.utf8.withContiguousStorageIfAvailable { own in
            own.count == bytes.count && (own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0)
        }
        return same ?? text.utf8.elementsEqual(bytes)
    }

    private mutating func endRecord(_ emit: (SheetRecord) throws -> Void) throws {
        let record = SheetRecord(row: recordRow, fields: fields)
        width = max(width, fields.count)
        fields = []
        fields.reserveCapacity(width)
        row += 1
        recordRow = row
        try emit(record)
    }
}
