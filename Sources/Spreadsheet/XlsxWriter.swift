/// Builds an .xlsx workbook in memory: named sheets of text rows, every cell a (shared) string
/// cell, so ID numbers keep all 18 digits and phones their leading digits. The first row of a
/// sheet is bold and frozen; every cell and every column with a width has the text format `@`
/// (what a clerk types into the template or over a cell of the error report stays text). Sheets are deflated as they are added; the shared strings, styles
/// and workbook parts follow in `finish()`.
///
///     var writer = XlsxWriter()
///     writer.addSheet(name: "学员", columnWidths: [8, 12], rows: [["序号", "姓名"], ["1", "张三"]])
///     let bytes = writer.finish()
public struct XlsxWriter {
    private var zip = ZipWriter()
    private var sheetNames: [String] = []
    private var strings = SharedStringTable()
    private let inlineStrings: Bool

    /// `inlineStrings`: every cell holds its own text (`t="inlineStr"`) instead of an index into
    /// the shared strings, so memory does not grow with the distinct texts (an error report of
    /// 100,000 rows has some 600,000); Excel reads both the same. `fast`: zlib's fastest level,
    /// several times as fast as its default for a file about a quarter larger (a report written
    /// at every import with errors, read once if at all).
    public init(inlineStrings: Bool = false, fast: Bool = false) {
        self.inlineStrings = inlineStrings
        zip.level = fast ? 1 : 6
    }

    /// Adds a sheet. `name` is made acceptable to Excel (`sheetName(_:after:)`); `columnWidths`
    /// are in characters (a CJK character counts about 2), missing ones default to 12;
    /// `validations` are the sheet's drop-down lists.
    public mutating func addSheet<Rows: Sequence>(name: String, columnWidths: [Int] = [], rows: Rows, validations: [ListValidation] = [])
    where Rows.Element == [String] {
        sheetNames.append(Self.sheetName(name, after: sheetNames))
        zip.beginEntry("xl/worksheets/sheet\(sheetNames.count).xml")
        var xml: [UInt8] = []
        xml.reserveCapacity(Self.flushSize + 4096)
        xml.append(contentsOf: XlsxParts.worksheetStart(columnWidths: columnWidths).utf8)
        for (index, row) in rows.enumerated() {
            appendRow(row, number: index + 1, to: &xml)
            if xml.count >= Self.flushSize {
                zip.write(xml)
                xml.removeAll(keepingCapacity: true)
            }
        }
        xml.append(contentsOf: XlsxParts.worksheetEnd(validations: validations).utf8)
        zip.write(xml)
        zip.endEntry()
    }

    /// The workbook's bytes (a zip). A workbook without sheets gets one empty sheet.
    public consuming func finish() -> [UInt8] {
        if sheetNames.isEmpty { addSheet(name: "Sheet1", rows: [[String]]()) }
        zip.beginEntry("xl/sharedStrings.xml")
        strings.writeXML { zip.write($0) }
        zip.endEntry()
        zip.addEntry("xl/styles.xml", Array(XlsxParts.styles.utf8))
        zip.addEntry("xl/workbook.xml", Array(XlsxParts.workbook(sheetNames: sheetNames).utf8))
        zip.addEntry("xl/_rels/workbook.xml.rels", Array(XlsxParts.workbookRelationships(sheetCount: sheetNames.count).utf8))
        zip.addEntry("[Content_Types].xml", Array(XlsxParts.contentTypes(sheetCount: sheetNames.count).utf8))
        zip.addEntry("_rels/.rels", Array(XlsxParts.packageRelationships.utf8))
        return zip.finish()
    }

    private static let flushSize = 256 << 10

    private mutating func appendRow(_ row: [String], number: Int, to xml: inout [UInt8]) {
        xml.append(contentsOf: "<row r=\"".utf8)
        xml.appendDecimal(number)
        xml.append(contentsOf: "\">".utf8)
        // Every cell carries the text format (the header's is bold), not only its column: a cell's
        // own style wins over its column's, and a clerk who overwrites a General cell with an
        // 18-digit ID gets 4.30102E+17.
        let style = number == 1 ? Self.headerStyleAttribute : Self.textStyleAttribute
        for (column, text) in row.enumerated() {
            xml.append(contentsOf: "<c r=\"".utf8)
            if column < Self.columnLetters.count {
                xml.append(contentsOf: Self.columnLetters[column])
            } else {
                xml.append(contentsOf: CellReference.letters(column).utf8)
            }
            xml.appendDecimal(number)
            xml.append(UInt8(ascii: "\""))
            xml.append(contentsOf: style.utf8)
            if text.isEmpty {
                xml.append(contentsOf: "/>".utf8)
            } else if inlineStrings {
                xml.append(contentsOf: " t=\"inlineStr\"><is>".utf8)
                XMLText.appendTextElement(text, to: &xml)
                xml.append(contentsOf: "</is></c>".utf8)
            } else {
                xml.append(contentsOf: " t=\"s\"><v>".utf8)
                xml.appendDecimal(strings.index(of: text))
                xml.append(contentsOf: "</v></c>".utf8)
            }
        }
        xml.append(contentsOf: "</row>".utf8)
    }

    private static let headerStyleAttribute = " s=\"\(XlsxParts.headerStyle)\""
    private static let textStyleAttribute = " s=\"\(XlsxParts.textStyle)\""

    /// A…ZZ, the columns a roster uses, spelled once.
    private static let columnLetters = (0..<702).map { Array(CellReference.letters($0).utf8) }

    /// `name` as Excel accepts it: without `[]:*?/\\` and leading or trailing `'`, at most 31
    /// characters, and unlike the sheets before (case-insensitively; a number is added).
    static func sheetName(_ name: String, after existing: [String]) -> String {
        var cleaned = String(name.filter { !"[]:*?/\\".contains($0) })
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        let base = cleaned.isEmpty ? "Sheet\(existing.count + 1)" : cleaned
        let taken = Set(existing.map { $0.lowercased() })
        var candidate = String(base.prefix(31))
        var number = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate = String(base.prefix(31 - suffix.count)) + suffix
            number += 1
        }
        return candidate
    }
}

/// The distinct texts of a workbook being written, by first use.
private struct SharedStringTable {
    private var indexes: [String: Int] = [:]
    private var texts: [String] = []
    private var uses = 0

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = indexes[text] { return index }
        indexes[text] = texts.count
        texts.append(text)
        return texts.count - 1
    }

    func writeXML(_ write: ([UInt8]) -> Void) {
        var xml = Array(XlsxParts.sharedStringsStart(count: uses, unique: texts.count).utf8)
        for text in texts {
            xml.append(contentsOf: "<si>".utf8)
            XMLText.appendTextElement(text, to: &xml)
            xml.append(contentsOf: "</si>".utf8)
            if xml.count >= 256 << 10 {
                write(xml)
                xml.removeAll(keepingCapacity: true)
            }
        }
        xml.append(contentsOf: "</sst>".utf8)
        write(xml)
    }
}

extension Array where Element == UInt8 {
    /// Appends a non-negative number in decimal.
    mutating func appendDecimal(_ value: Int) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
