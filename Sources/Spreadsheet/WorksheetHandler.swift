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
    /// A shared-string cell's `<v>`, read as a number as its characters come (no text kept):
    /// its value, its digits so far, and whether anything but a digit came.
    @exclusivity(unchecked) private var sharedIndex = 0
    @exclusivity(unchecked) private var sharedDigits = 0
    @exclusivity(unchecked) private var sharedIndexBroken = false
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
            if !unresolved.isEmpty {
                // The record took this array: the next row gets one of the same size at once
                // (not grown 1, 2, 4, 8 as its cells come).
                unresolved = []
                unresolved.reserveCapacity(pending.last!.unresolved.count)
            }
            fields = []
            fields.reserveCapacity(pending.last!.fields.count)
            column = -1
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard collecting else { return }
        guard cellType == .shared else { return text.append(contentsOf: bytes) }
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39, sharedDigits < 12 else {
                sharedIndexBroken = true
                return
            }
            sharedIndex = sharedIndex * 10 + Int(byte - 0x30)
            sharedDigits += 1
        }
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
        let (reference, type) = attributes.values("r", "t")
        if let reference {
            guard let position = CellReference.column(reference) else { return fail(.badSheetXML("单元格位置无效")) }
            column = position
        } else {
            column += 1
        }
        guard column < maxColumns else { return fail(.tooManyColumns(maxColumns)) }
        cellType = .raw
        if let type, let first = type.first {
            switch (first, type.count) {
            case (UInt8(ascii: "s"), 1): cellType = .shared
            case (UInt8(ascii: "i"), _): cellType = .inline
            case (UInt8(ascii: "b"), 1): cellType = .boolean
            default: cellType = .raw
            }
        }
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        sharedIndex = 0
        sharedDigits = 0
        sharedIndexBroken = false
        hasValue = false
    }

    private func endCell() {
        // A cell ending after a row inside it ended (`<c><row/></c>`, not SpreadsheetML) has lost
        // its place: refused, never written at index -1 (that stopped the worker).
        guard column >= 0 else { return fail(.badSheetXML("单元格位置无效")) }
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
            // As `CellReference.number` would read the text: 1 to 12 digits.
            let index = sharedDigits > 0 && !sharedIndexBroken ? sharedIndex : nil
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
