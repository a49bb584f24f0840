import Testing
@testable import Spreadsheet

@Suite struct XlsxRoundTripTests {
    @Test func writerOutput_readsBackExactly_withChineseLongIDsEmptyCellsAndRaggedRows() throws {
        let rows: [[String]] = [
            ["序号", "姓名", "性别", "身份证号", "手机号", "学员类型"],
            ["1", "欧阳娜娜", "女", "43010219900101123X", "13800138000", "农村转移就业劳动者"],
            ["2", " 前后空格 ", "", "430102199001011234", "", ""],
            ["3", "A&B <\"引号\">", "男"],
            [],
            ["", "", "", "000123"],
        ]
        var writer = XlsxWriter()
        writer.addSheet(name: "学员", columnWidths: [6, 12, 6, 22, 14, 20], rows: rows)
        let records = try readRecords(writer.finish())
        #expect(records == rows.enumerated().map { SheetRecord(row: $0.offset + 1, fields: $0.element) })
    }

    @Test func firstSheetIsRead_whenTheWorkbookHasSeveral() throws {
        var writer = XlsxWriter()
        writer.addSheet(name: "错误报告", rows: [["姓名", "错误原因"], ["张三", "身份证号校验位错误"]])
        writer.addSheet(name: "说明", rows: [["列", "说明"], ["姓名", "必填"]])
        let records = try readRecords(writer.finish())
        #expect(records.map(\.fields) == [["姓名", "错误原因"], ["张三", "身份证号校验位错误"]])
    }

    @Test func sheetOfThousandsOfRows_spanningManyChunks_readsEveryRowInOrder() throws {
        let rows = (0..<3_000).map { index in ["\(index)", "学员\(index)", String(430_102_199_001_010_000 + index)] }
        var writer = XlsxWriter()
        writer.addSheet(name: "学员", rows: rows)
        let bytes = writer.finish()
        var count = 0
        try XlsxReader.forEachRecord(in: InMemoryFile(bytes)) { record in
            #expect(record.row == count + 1)
            #expect(record.fields == rows[count])
            count += 1
        }
        #expect(count == 3_000)
    }

    @Test func workbookParts_areTheOnesExcelNeeds() throws {
        var writer = XlsxWriter()
        writer.addSheet(name: "学员[1]/名单", rows: [["a"]])
        writer.addSheet(name: "说明", rows: [["b"]])
        let archive = try ZipArchive(file: InMemoryFile(writer.finish()), limits: .standard)
        #expect(Set(archive.entries.keys) == [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        ])
        #expect(XlsxParts.workbook(sheetNames: ["A&B"]).contains(#"name="A&amp;B""#))
    }

    @Test func sheetNames_areMadeAcceptableToExcel_andUnique() {
        #expect(XlsxWriter.sheetName("学员[1]/名单", after: []) == "学员1名单")
        #expect(XlsxWriter.sheetName("'说明'", after: []) == "说明")
        #expect(XlsxWriter.sheetName("", after: ["学员"]) == "Sheet2")
        #expect(XlsxWriter.sheetName("Sheet", after: ["sheet", "Sheet (2)"]) == "Sheet (3)")
        let long = String(repeating: "长", count: 40)
        #expect(XlsxWriter.sheetName(long, after: [String(repeating: "长", count: 31)]) == String(repeating: "长", count: 27) + " (2)")
    }
}

/// An upload read through `ImportFile` in pieces, recording the largest piece asked for.
final class PieceCountingFile: ImportFile {
    let bytes: [UInt8]
    private(set) var largestRead = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var size: Int { bytes.count }

    func read(offset: Int, count: Int) throws -> [UInt8] {
        largestRead = max(largestRead, count)
        return InMemoryFile(bytes).read(offset: offset, count: count)
    }
}

@Suite struct XlsxStreamingTests {
    @Test func reader_takesTheFileInPieces_neverWhole() throws {
        let rows = (0..<20_000).map { ["\($0)", "学员\($0 * 7919 % 100_003)", "4301021990\($0 + 10_000_000)"] }
        var writer = XlsxWriter()
        writer.addSheet(name: "学员", rows: rows)
        let file = PieceCountingFile(writer.finish())
        var count = 0
        try XlsxReader.forEachRecord(in: file) { _ in count += 1 }
        #expect(count == 20_000)
        #expect(file.size > 300_000)
        // 64 KiB pieces of entries; the end-of-directory search reads at most 22 + 65,535 bytes.
        #expect(file.largestRead <= 22 + 65_535)
    }
}
