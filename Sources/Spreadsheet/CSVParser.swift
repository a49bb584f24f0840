/// The RFC 4180 state machine of ``CSVReader``, fed UTF-8 bytes in pieces of any size: a quote,
/// a `""` escape, a CRLF or a multi-byte character may be split between two pieces. Each record
/// carries the row number Excel shows for it (a quoted field spanning lines stays one row).
///
/// A record is emitted as its fields' bytes (``CSVRecord``). A field inside the piece is emitted
/// where it lies, without a copy; one that spans pieces or holds a `""` escape, and a record's
/// fields when its record goes on in the next piece, are copied (`spill`). No `String` is made
/// here: the reader makes those it needs. UTF-8: an ASCII field needs no check; a copied field,
/// or one of a record spanning lines, is checked here (invalid bytes are `file_unreadable`,
/// naming the row); any other is left to the reader (``CSVRecord/checkUTF8(except:)``), which
/// may know its bytes are valid already (a name of ideographs, a type's own label).
struct CSVParser {
    private static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// The line the parser is on (1-based; a newline inside quotes counts).
    private(set) var row = 1
    private var recordRow = 1
    /// The current record's fields: the piece's bytes, or (empty here) a field copied to
    /// `spill`, where `spilled` says.
    private var spans: [UnsafeBufferPointer<UInt8>] = []
    private var spilled: [(field: Int, range: Range<Int>)] = []
    private var spill: [UInt8] = []
    /// The current record's fields whose UTF-8 is still to be checked (bit `k`: field `k`).
    private var unchecked: UInt64 = 0
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

    /// Parses `bytes`, calling `emit` for each record completed in them.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (CSVRecord) throws -> Void) throws {
        // The piece goes after this call: a record it leaves unfinished keeps copies of its fields.
        defer { spillPiece() }
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
                try endField(inPiece: UnsafeBufferPointer(rebasing: bytes[i..<j]), ascii: bits < 0x80)
            } else {
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                fieldStarted = true
                if j == n { return }
                try field.withUnsafeBufferPointer { try endField(copying: $0) }
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
    mutating func finish(_ emit: (CSVRecord) throws -> Void) throws {
        if inQuotes && !quoteSeen {
            throw SheetReadError.unreadable("第\(quoteRow)行的引号没有闭合，请检查该行的双引号")
        }
        inQuotes = false
        quoteSeen = false
        if !field.isEmpty || fieldStarted || !spans.isEmpty {
            try field.withUnsafeBufferPointer { try endField(copying: $0) }
            field.removeAll()
            try endRecord(emit)
        }
    }

    /// A field of the piece; `ascii`: its bytes are known to be ASCII (valid UTF-8 without a check).
    private mutating func endField(inPiece bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) throws {
        if !ascii {
            // Left to the reader, naming the record's row: a field of a one-line record.
            if spans.count < 64 && row == recordRow { unchecked |= 1 << UInt64(spans.count) } else { try validate(bytes) }
        }
        spans.append(bytes)
        fieldStarted = false
    }

    /// A field assembled in `field` (spanning pieces, or with escapes): copied.
    private mutating func endField(copying bytes: UnsafeBufferPointer<UInt8>) throws {
        try validate(bytes)
        let start = spill.count
        spill.append(contentsOf: bytes)
        spilled.append((spans.count, start..<spill.count))
        spans.append(UnsafeBufferPointer(start: nil, count: 0))
        fieldStarted = false
    }

    private func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard UTF8Check.isValid(bytes) else { throw SheetReadError.undecodable(row: row) }
    }

    /// Copies the current record's fields that are still the piece's.
    private mutating func spillPiece() {
        let copied = Set(spilled.map(\.field))
        for k in spans.indices where !copied.contains(k) {
            let start = spill.count
            spill.append(contentsOf: spans[k])
            spilled.append((k, start..<spill.count))
            spans[k] = UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    /// Emits the record (a view of the piece and the parser's buffers), then empties the
    /// buffers, keeping their capacity: a record of the piece costs no allocation.
    private mutating func endRecord(_ emit: (CSVRecord) throws -> Void) throws {
        let recordRow = recordRow
        row += 1
        self.recordRow = row
        let unchecked = unchecked
        self.unchecked = 0
        defer { spans.removeAll(keepingCapacity: true) }
        guard !spilled.isEmpty else {
            return try spans.withUnsafeBufferPointer { try emit(CSVRecord(row: recordRow, fields: $0, unchecked: unchecked)) }
        }
        defer {
            spilled.removeAll(keepingCapacity: true)
            spill.removeAll(keepingCapacity: true)
        }
        var fields = spans
        try spill.withUnsafeBufferPointer { spill in
            for (k, range) in spilled { fields[k] = UnsafeBufferPointer(rebasing: spill[range]) }
            try fields.withUnsafeBufferPointer { try emit(CSVRecord(row: recordRow, fields: $0, unchecked: unchecked)) }
        }
    }
}
