import Testing
@testable import Spreadsheet

/// Files the reader must refuse with a clear error, never a crash or a hang.
@Suite struct XlsxRefusalTests {
    static let sheet = "xl/worksheets/sheet1.xml"

    @Test func csvOrEmptyBytes_areNotAZip() {
        #expect(refusal(Array("序号,姓名\n1,张三\n".utf8)) == .notZip)
        #expect(refusal([]) == .notZip)
    }

    @Test func everyTruncation_isRefusedAsUnreadable() {
        let bytes = ZipTestBytes.workbook()
        for length in stride(from: 0, to: bytes.count, by: 17) {
            #expect(refusal(Array(bytes.prefix(length)))?.code == "file_unreadable", "cut at \(length)")
        }
    }

    @Test func flippedBytesAnywhere_neverCrash_andAreReadOrRefused() {
        let bytes = ZipTestBytes.workbook(rows: 200)
        for at in stride(from: 0, to: bytes.count, by: 7) {
            var damaged = bytes
            damaged[at] ^= 0x5A
            do {
                _ = try readRecords(damaged)
            } catch {
                #expect(error is SheetReadError, "flip at \(at): \(error)")
            }
        }
    }

    @Test func badCRC_isRefusedAsCorrupt() {
        let bytes = ZipTestBytes.workbook()
        let crc = ZipTestBytes.directoryRecord(of: Self.sheet, in: bytes) + 16
        let damaged = ZipTestBytes.patchingDirectory(of: Self.sheet, field: 16, width: 4, value: bytes.littleEndian32(at: crc)! ^ 1, in: bytes)
        #expect(refusal(damaged) == .corrupt)
    }

    @Test func sizeSmallerThanDeclared_orLarger_isRefusedAsCorrupt() {
        let bytes = ZipTestBytes.workbook()
        let size = bytes.littleEndian32(at: ZipTestBytes.directoryRecord(of: Self.sheet, in: bytes) + 24)!
        #expect(refusal(ZipTestBytes.patchingDirectory(of: Self.sheet, field: 24, width: 4, value: size - 10, in: bytes)) == .corrupt)
        #expect(refusal(ZipTestBytes.patchingDirectory(of: Self.sheet, field: 24, width: 4, value: size + 10, in: bytes)) == .corrupt)
    }

    @Test func zip64_isRefusedClearly() {
        var bytes = ZipTestBytes.workbook()
        let end = ZipTestBytes.endRecord(in: bytes)
        bytes[end + 16] = 0xFF; bytes[end + 17] = 0xFF; bytes[end + 18] = 0xFF; bytes[end + 19] = 0xFF
        #expect(refusal(bytes) == .zip64)
        let entrySize = ZipTestBytes.patchingDirectory(of: Self.sheet, field: 20, width: 4, value: 0xFFFF_FFFF, in: ZipTestBytes.workbook())
        #expect(refusal(entrySize) == .zip64)
    }

    @Test func encryptedEntry_isRefusedClearly() {
        let bytes = ZipTestBytes.patchingDirectory(of: Self.sheet, field: 8, width: 2, value: 0x0801, in: ZipTestBytes.workbook())
        #expect(refusal(bytes) == .encrypted)
    }

    @Test func otherCompressionMethod_isRefusedClearly() {
        let bytes = ZipTestBytes.patchingDirectory(of: Self.sheet, field: 10, width: 2, value: 12, in: ZipTestBytes.workbook())
        #expect(refusal(bytes) == .unsupportedMethod(12))
    }

    @Test func zipBomb_highRatio_isRefusedAsTooLarge_beforeInflating() {
        let padding = [UInt8](repeating: 0x20, count: 30 << 20)
        let bomb = ZipTestBytes.zip([(Self.sheet, Array("<worksheet><sheetData>".utf8) + padding + Array("</sheetData></worksheet>".utf8))])
        #expect(bomb.count < 200_000)
        #expect(refusal(bomb) == .ratioTooHigh(200))
    }

    @Test func totalInflatedSize_andEntrySize_areBounded() {
        let bytes = ZipTestBytes.workbook(rows: 2_000)
        #expect(refusal(bytes, limits: XlsxLimits(maxTotalInflatedBytes: 64 << 10))?.code == "file_too_large")
        #expect(refusal(bytes, limits: XlsxLimits(maxEntryInflatedBytes: 64 << 10))?.code == "file_too_large")
        #expect(refusal(bytes, limits: XlsxLimits(maxTotalInflatedBytes: 64 << 10))?.message.contains("解压后超过") == true)
    }

    @Test func tooManyEntries_isRefused() {
        #expect(refusal(ZipTestBytes.workbook(), limits: XlsxLimits(maxEntries: 3)) == .tooManyEntries(3))
    }

    @Test func zipWithoutAWorksheet_isRefused() {
        #expect(refusal(ZipTestBytes.zip([("word/document.xml", Array("<w/>".utf8))])) == .noWorksheet)
    }

    @Test func documentTypeDeclaration_isRefused_soNoEntityIsExpanded() {
        let laughs = #"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>"#
            + #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>"#
        #expect(refusal(ZipTestBytes.sheetOnly(laughs)) == .badSheetXML("含有 DOCTYPE"))
    }

    @Test func malformedSheetXML_isRefused() {
        let error = refusal(ZipTestBytes.sheetOnly("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"></row></sheetData></worksheet>"))
        #expect(error?.code == "file_unreadable")
        #expect(error?.message.contains("XML 格式错误") == true)
        #expect(refusal(ZipTestBytes.sheetOnly("<worksheet><sheetData>")) != nil)
    }

    @Test func sharedStringIndexOutOfRange_andBadReferences_areRefused() {
        #expect(refusal(ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>"#))
            == .badSheetXML("共享字符串编号无效"))
        #expect(refusal(ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="0"/></sheetData></worksheet>"#)) == .badSheetXML("行号无效"))
        #expect(refusal(ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="1"><c r="ZZZZ1"/></row></sheetData></worksheet>"#))
            == .badSheetXML("单元格位置无效"))
    }

    @Test func cellBeyondTheColumnLimit_isRefused_soRowsCannotBlowUpMemory() throws {
        let xfd = ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>"#)
        #expect(refusal(xfd) == .tooManyColumns(1_000))
        let wide = ZipTestBytes.sheetOnly(#"<worksheet><sheetData><row r="1"><c r="ALL1"><v>1</v></c></row></sheetData></worksheet>"#)
        #expect(try readRecords(wide).first?.fields.count == 1_000)
    }

    @Test func sharedStringsBeyondTheirLimit_areRefusedAsTooLarge() {
        #expect(refusal(ZipTestBytes.workbook(rows: 2_000), limits: XlsxLimits(maxSharedStringsBytes: 16 << 10))?.code == "file_too_large")
    }
}
