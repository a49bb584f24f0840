import Testing
@testable import Spreadsheet

/// `XlsxSheet`: the sheet read with its shared-string cells unresolved while the shared strings
/// are parsed apart, then resolved, gives exactly what `XlsxReader` gives; and problems come
/// after the rows before them, in both.
@Suite struct XlsxSheetTests {
    /// As the parallel scan does it: the records read before a read error are resolved (a bad
    /// shared-string index among them comes first), then the read error is thrown.
    static func deferred(_ bytes: [UInt8], limits: XlsxLimits = .standard) throws -> [SheetRecord] {
        let sheet = try XlsxSheet(file: InMemoryFile(bytes), limits: limits)
        var records: [SheetRecord] = []
        var readError: (any Error)?
        do { try sheet.forEachRecord { records.append($0) } } catch { readError = error }
        let resolver = try sheet.sharedStrings?.parse() ?? .empty
        let resolved = try records.map { try resolver.resolve($0) }
        if let readError { throw readError }
        return resolved
    }

    @Test func deferredThenResolved_equalsReadInOnePass() throws {
        let bytes = ZipTestBytes.workbook(rows: 300)
        let sheet = try XlsxSheet(file: InMemoryFile(bytes))
        var raw: [SheetRecord] = []
        try sheet.forEachRecord { raw.append($0) }
        #expect(raw.allSatisfy { !$0.unresolved.isEmpty && $0.fields.allSatisfy(\.isEmpty) })
        let expected = try readRecords(bytes)
        #expect(expected.count == 300 && expected.allSatisfy { $0.unresolved.isEmpty })
        #expect(try Self.deferred(bytes) == expected)
    }

    @Test func sharedStringIndexOutOfRange_isRefusedWhenResolved() throws {
        let bytes = ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>"#)
        #expect(throws: SheetReadError.badSheetXML("共享字符串编号无效")) { try Self.deferred(bytes) }
        let notANumber = ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>x</v></c></row></sheetData></worksheet>"#)
        #expect(throws: SheetReadError.badSheetXML("共享字符串编号无效")) { try XlsxSheet(file: InMemoryFile(notANumber)).forEachRecord { _ in } }
    }

    /// Reads `xml` as a sheet in one pass and deferred: in both, the rows handed on before
    /// `error`, which ends the reading.
    static func expectRefused(_ xml: String, _ error: SheetReadError, after expected: [Int],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = ZipTestBytes.sheetOnly(xml)
        for read in [{ (body: (SheetRecord) throws -> Void) in try XlsxReader.forEachRecord(in: InMemoryFile(bytes), body) },
                     { (body: (SheetRecord) throws -> Void) in try XlsxSheet(file: InMemoryFile(bytes)).forEachRecord(body) }] {
            var rows: [Int] = []
            #expect(throws: error, sourceLocation: sourceLocation) { try read { rows.append($0.row) } }
            #expect(rows == expected, sourceLocation: sourceLocation)
        }
    }

    @Test func aBadRow_comesAfterTheRowsBeforeIt_inOnePassAndDeferred() throws {
        Self.expectRefused(#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>"#
            + #"<row r="2"><c r="A2"><v>2</v></c></row><row r="0"/><row r="4"><c r="A4"><v>4</v></c></row></sheetData></worksheet>"#,
            .badSheetXML("行号无效"), after: [1, 2])
    }

    /// A row inside a cell (well-formed XML, not SpreadsheetML) leaves the cell without a place
    /// when it ends: refused after the rows before it. It used to write the cell at index -1 and
    /// stop the worker.
    @Test func rowInsideACell_isRefused_notACrash() throws {
        Self.expectRefused(#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>"#
            + #"<row r="2"><c r="A2"><row r="7"><c r="B7"><v>7</v></c></row><v>2</v></c></row><row r="3"/></sheetData></worksheet>"#,
            .badSheetXML("单元格位置无效"), after: [1, 7])
    }

    @Test func sharedStringsPart_keepsItsLimits_andCountsAgainstTheTotal() throws {
        let bytes = ZipTestBytes.workbook(rows: 2_000)
        #expect(throws: SheetReadError.self) { try XlsxSheet(file: InMemoryFile(bytes), limits: XlsxLimits(maxSharedStringsBytes: 16 << 10)) }
        let parts = try XlsxSheet(file: InMemoryFile(bytes))
        let stringsBytes = try #require(parts.sharedStrings).entry.uncompressedSize
        // A total that the shared strings alone nearly fill leaves too little for the sheet.
        let tight = XlsxLimits(maxTotalInflatedBytes: stringsBytes + 1_024)
        let sheet = try XlsxSheet(file: InMemoryFile(bytes), limits: tight)
        #expect((try? sheet.forEachRecord { _ in }) == nil)
        #expect(try sheet.sharedStrings?.parse() != nil)
    }

    /// What reading came to: the records, or the error.
    static func outcome(_ read: () throws -> [SheetRecord]) -> Result<[SheetRecord], SheetReadError> {
        do { return .success(try read()) } catch let error as SheetReadError { return .failure(error) } catch {
            return .failure(.unreadable("\(error)"))
        }
    }

    @Test func damagedFiles_deferred_endExactlyAsOnePass() throws {
        let bytes = ZipTestBytes.workbook(rows: 3_000)
        let sheet = "xl/worksheets/sheet1.xml"
        let size = bytes.littleEndian32(at: ZipTestBytes.directoryRecord(of: sheet, in: bytes) + 24)!
        let crc = bytes.littleEndian32(at: ZipTestBytes.directoryRecord(of: sheet, in: bytes) + 16)!
        var variants = [bytes,
                        ZipTestBytes.patchingDirectory(of: sheet, field: 16, width: 4, value: crc ^ 1, in: bytes),
                        ZipTestBytes.patchingDirectory(of: sheet, field: 24, width: 4, value: size - 10, in: bytes),
                        ZipTestBytes.patchingDirectory(of: sheet, field: 24, width: 4, value: size + 10, in: bytes)]
        for at in stride(from: 0, to: bytes.count, by: 997) {
            var flipped = bytes
            flipped[at] ^= 0x5A
            variants.append(flipped)
        }
        for length in stride(from: bytes.count / 2, to: bytes.count, by: 1_013) { variants.append(Array(bytes.prefix(length))) }
        for (i, variant) in variants.enumerated() {
            let onePass = Self.outcome { try readRecords(variant) }
            let deferred = Self.outcome { try Self.deferred(variant) }
            #expect(onePass == deferred, "variant \(i)")
        }
        #expect(try readRecords(bytes).count == 3_000)
    }

    @Test func bodyStopping_midSheet_stopsTheReading() throws {
        struct Enough: Error {}
        let sheet = try XlsxSheet(file: InMemoryFile(ZipTestBytes.workbook(rows: 20_000)))
        for stopAt in [1, 500, 19_999] {
            var seen = 0
            #expect(throws: Enough.self) {
                try sheet.forEachRecord { _ in
                    seen += 1
                    if seen == stopAt { throw Enough() }
                }
            }
            #expect(seen == stopAt)
        }
    }

    /// Compressed data that inflates to nothing for many pieces (400 KB of empty deflate blocks
    /// before the sheet) is read through, in one pass and deferred.
    @Test func emptyDeflateBlocks_inflateToNothing_andAreReadThrough() throws {
        let xml = Array(#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>学员</t></is></c></row></sheetData></worksheet>"#.utf8)
        let bytes = ZipTestBytes.zip(name: "xl/worksheets/sheet1.xml", deflated: ZipTestBytes.deflatedWithEmptyBlocks(80_000, then: xml), content: xml)
        #expect(try readRecords(bytes) == [SheetRecord(row: 1, fields: ["学员"])])
        #expect(try Self.deferred(bytes) == [SheetRecord(row: 1, fields: ["学员"])])
    }

    @Test func inlineStrings_roundTrip_withoutSharedStrings() throws {
        let rows = [["序号", "姓名", "错误原因"], ["1", " 张三 ", "身份证号：<错误> & \"引号\""], ["2", "", "430102199001011234"]]
        var writer = XlsxWriter(inlineStrings: true)
        writer.addSheet(name: "错误报告", rows: rows)
        let bytes = writer.finish()
        let records = try readRecords(bytes)
        #expect(records.map(\.fields) == [rows[0], rows[1], ["2", "", "430102199001011234"]])
        // Every text is in the sheet itself: the shared-strings part holds none.
        let strings = try #require(try XlsxSheet(file: InMemoryFile(bytes)).sharedStrings).parse()
        #expect(strings.strings.count == 0)
    }
}
