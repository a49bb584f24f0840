import Testing
@testable import Spreadsheet

/// What a clerk types into a written workbook stays text: every cell carries the text format,
/// not only the columns.
@Suite struct XlsxWriterFormatTests {
    /// The `s` attribute of every cell of `xml`, by reference (`A1` → `1`).
    static func cellStyles(_ xml: String) -> [String: String] {
        var styles: [String: String] = [:]
        for piece in xml.components(separatedBy: "<c r=\"").dropFirst() {
            let reference = String(piece.prefix { $0 != "\"" })
            let tag = piece.prefix { $0 != ">" }
            let style = tag.components(separatedBy: " s=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
            styles[reference] = style ?? "none"
        }
        return styles
    }

    @Test(arguments: [false, true])
    func everyCellBelowTheHeader_carriesTheTextFormat_soATypedIDStaysDigits(inlineStrings: Bool) throws {
        var writer = XlsxWriter(inlineStrings: inlineStrings)
        writer.addSheet(name: "学员", rows: [["姓名", "身份证号"], ["张三", "430102199001011238"], ["", "x"]])
        let bytes = writer.finish()
        let styles = Self.cellStyles(try entryText(bytes, "xl/worksheets/sheet1.xml"))
        #expect(styles == ["A1": "\(XlsxParts.headerStyle)", "B1": "\(XlsxParts.headerStyle)", "A2": "\(XlsxParts.textStyle)",
                           "B2": "\(XlsxParts.textStyle)", "A3": "\(XlsxParts.textStyle)", "B3": "\(XlsxParts.textStyle)"])
        let formats = try entryText(bytes, "xl/styles.xml").components(separatedBy: "<cellXfs")[1].components(separatedBy: "<xf ").dropFirst()
        #expect(formats.map { $0.contains(#"numFmtId="49""#) } == [false, true, true])
    }
}

/// The inflated text of one entry of a workbook.
func entryText(_ bytes: [UInt8], _ name: String) throws -> String {
    let archive = try ZipArchive(file: InMemoryFile(bytes), limits: .standard)
    let entry = try #require(archive.entry(name))
    var budget = InflationBudget()
    var text: [UInt8] = []
    try archive.stream(entry, maxBytes: 1 << 30, budget: &budget) { text.append(contentsOf: $0) }
    return String(decoding: text, as: UTF8.self)
}
