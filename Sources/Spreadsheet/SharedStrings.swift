/// A workbook's shared strings (xl/sharedStrings.xml), the texts cells of type `s` point to by
/// index. Kept as one UTF-8 buffer with end offsets rather than one `String` each: a 100,000-row
/// roster has a few hundred thousand distinct texts.
struct SharedStrings: Sendable {
    private(set) var bytes: [UInt8] = []
    /// UInt32: the part is at most `XlsxLimits.maxSharedStringsBytes`, far below 4 GiB.
    private(set) var ends: [UInt32] = []

    var count: Int { ends.count }

    func string(at index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
    }

    mutating func endString() {
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }
}

/// A workbook's shared strings, parsed (``XlsxSheet/SharedStringsPart/parse()``), for resolving
/// the cells of records read ahead of them.
public struct SharedStringResolver: Sendable {
    let strings: SharedStrings

    /// No shared strings: every unresolved cell is refused.
    public static let empty = SharedStringResolver(strings: SharedStrings())

    /// The record with each unresolved cell's text filled in; `file_unreadable` for an index
    /// the table does not have (as when the cell is read after its strings).
    public func resolve(_ record: SheetRecord) throws(SheetReadError) -> SheetRecord {
        guard !record.unresolved.isEmpty else { return record }
        var resolved = SheetRecord(row: record.row, fields: record.fields)
        for cell in record.unresolved {
            guard let text = strings.string(at: Int(cell.index)) else { throw .badSheetXML("共享字符串编号无效") }
            resolved.fields[Int(cell.column)] = text
        }
        return resolved
    }
}

/// Collects shared strings from the part's SAX events: each `<si>` is one string, the text of
/// its `<t>` elements (one, or one per rich-text run `<r>`), without phonetic runs (`<rPh>`).
final class SharedStringsHandler: XMLEventHandler {
    // Touched on every SAX event, only from these methods: no dynamic exclusivity checks
    // (as in `WorksheetHandler`).
    @exclusivity(unchecked) private(set) var strings = SharedStrings()
    @exclusivity(unchecked) private var inText = false
    @exclusivity(unchecked) private var phoneticDepth = 0

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("t") {
            inText = phoneticDepth == 0
        } else if name.is("rPh") {
            phoneticDepth += 1
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("t") {
            inText = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("si") {
            strings.endString()
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inText { strings.append(text) }
    }
}
