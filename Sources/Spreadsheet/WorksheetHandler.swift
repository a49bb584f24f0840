/// Turns a worksheet's SAX events into `SheetRecord`s: each `<row>` becomes a record numbered
/// by its `r` attribute, each `<c>` a field placed by its `r` reference (skipped columns become
/// ""). Values: shared strings (`t="s"`), inline strings, and the raw text of every other type
/// (numbers exactly as stored, so an ID number typed as a number stays "4.30102199001011E+17").
/// Finished rows wait in `pending` until the reader hands them on after each chunk. Without
/// shared strings (nil: they are parsed elsewhere, at the same time), shared-string cells stay
/// unresolved in their records (``SheetRecord/unresolved``).
final class WorksheetHandler: XMLEventHandler {
    private enum CellType { case shared, inline, boolean, raw }

    private let sharedStrings: SharedStrings?
    private let maxColumns: Int
    @exclusivity(unchecked) var pending: [SheetRecord] = []
    /// The first problem met; the reader throws it after the chunk, once it has handed on the
    /// `rowsBeforeFailure` rows of `pending` finished before it.
    @exclusivity(unchecked) private(set) var failure: SheetReadError?
    @exclusivity(unchecked) private(set) var rowsBeforeFailure = 0

    // The parse state below is touched on each of a sheet's millions of SAX events, only from
    // the handler's own methods (never two accesses at once), so it skips the dynamic
    // exclusivity checks (about a tenth of the reader's instructions otherwise).
    @exclusivity(unchecked) private var rowNumber = 0
    @exclusivity(unchecked) private var fields: [String] = []
    @exclusivity(unchecked) private var column = -1
    @exclusivity(unchecked) private var cellType = CellType.raw
    @exclusivity(unchecked) private var collecting = false
    @exclusivity(unchecked) private var inInline = false
    @exclusivity(unchecked) private var phoneticDepth = 0
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var hasValue = false
    @exclusivity(unchecked) private var unresolved: [UnresolvedCell] = []

    init(sharedStrings: SharedStrings?, maxColumns: Int) {
        self.sharedStrings = sharedStrings
        self.maxColumns = min(maxColumns, CellReference.maxColumns)
        text.reserveCapacity(256)
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("c") {
            startCell(attributes)
        } else if name.is("v") {
            collecting = true
            hasValue = true
        } else if name.is("t") {
            collecting = inInline && phoneticDepth == 0
            hasValue = hasValue || collecting
        } else if name.is("is") {
            inInline = true
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("row") {
            startRow(attributes)
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("v") || name.is("t") {
            collecting = false
        } else if name.is("c") {
            endCell()
        } else if name.is("is") {
            inInline = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("row") {
            pending.append(SheetRecord(row: rowNumber, fields: fields, unresolved: unresolved))
            if !unresolved.isEmpty { unresolved = [] }
            fields = []
            fields.reserveCapacity(pending.last!.fields.count)
            column = -1
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if collecting { text.append(contentsOf: bytes) }
    }

    private func startRow(_ attributes: XMLAttributes) {
        if let reference = attributes.value("r") {
            guard let number = CellReference.number(reference), number >= 1, number <= CellReference.maxRows else {
                return fail(.badSheetXML("行号无效"))
            }
            rowNumber = number
        } else {
            rowNumber += 1
        }
        fields.removeAll(keepingCapacity: true)
        unresolved.removeAll(keepingCapacity: true)
        column = -1
    }

    private func startCell(_ attributes: XMLAttributes) {
        if let reference = attributes.value("r") {
            guard let position = CellReference.column(reference) else { return fail(.badSheetXML("单元格位置无效")) }
            column = position
        } else {
            column += 1
        }
        guard column < maxColumns else { return fail(.tooManyColumns(maxColumns)) }
        cellType = .raw
        if let type = attributes.value("t"), let first = type.first {
            switch (first, type.count) {
            case (UInt8(ascii: "s"), 1): cellType = .shared
            case (UInt8(ascii: "i"), _): cellType = .inline
            case (UInt8(ascii: "b"), 1): cellType = .boolean
            default: cellType = .raw
            }
        }
        text.removeAll(keepingCapacity: true)
        hasValue = false
    }

    private func endCell() {
        let value = hasValue ? cellText() : ""
        guard failure == nil else { return }
        if column >= fields.count {
            while fields.count < column { fields.append("") }
            fields.append(value)
        } else {
            fields[column] = value
        }
    }

    private func cellText() -> String {
        switch cellType {
        case .shared:
            let index = text.withUnsafeBufferPointer { CellReference.number($0) }
            guard let sharedStrings else {
                // Resolved later; an index that can't be one fails now, as it would have.
                guard let index, index <= Int32.max else {
                    fail(.badSheetXML("共享字符串编号无效"))
                    return ""
                }
                unresolved.append(UnresolvedCell(column: Int32(column), index: Int32(index)))
                return ""
            }
            guard let index, let string = sharedStrings.string(at: index) else {
                fail(.badSheetXML("共享字符串编号无效"))
                return ""
            }
            return string
        case .boolean:
            return text == [UInt8(ascii: "1")] ? "TRUE" : text == [UInt8(ascii: "0")] ? "FALSE" : String(decoding: text, as: UTF8.self)
        case .inline, .raw:
            return String(decoding: text, as: UTF8.self)
        }
    }

    private func fail(_ error: SheetReadError) {
        guard failure == nil else { return }
        failure = error
        rowsBeforeFailure = pending.count
    }
}
