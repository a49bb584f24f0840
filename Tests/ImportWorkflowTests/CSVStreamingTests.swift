import Foundation
import Glibc
import Spreadsheet
import Testing

/// GB18030 bytes of `text`, by glibc's iconv (as Chinese Excel saves "CSV").
func gb18030(_ text: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")!
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
    var outLeft = output.count
    input.withUnsafeMutableBytes { inRaw in
        output.withUnsafeMutableBytes { outRaw in
            var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        }
    }
    return Array(output.prefix(output.count - outLeft))
}

/// The streaming CSV reader: every piece size gives the records of the whole file, whatever a
/// piece boundary cuts (a quote, a `""` escape, a CRLF, a UTF-8 or GB18030 character).
@Suite struct CSVStreamingTests {
    static let text = "\u{FEFF}序号,姓名,性别\r\n1,\"王\"\"五\",男\r\n2,\"李\n四\",女\n\n3,\"\",\"a,b\"\r\n4,欧阳娜娜,𠀀\r5,x"
    static let expected = [
        SheetRecord(row: 1, fields: ["序号", "姓名", "性别"]), SheetRecord(row: 2, fields: ["1", "王\"五", "男"]),
        SheetRecord(row: 3, fields: ["2", "李\n四", "女"]), SheetRecord(row: 5, fields: [""]),
        SheetRecord(row: 6, fields: ["3", "", "a,b"]), SheetRecord(row: 7, fields: ["4", "欧阳娜娜", "𠀀"]),
        SheetRecord(row: 8, fields: ["5", "x"]),
    ]

    @Test func utf8_everyPieceSize_sameRecords() throws {
        let bytes = Array(Self.text.utf8)
        for size in [4, 5, 6, 7, 8, 9, 10, 11, 13, 64, CSVReader.defaultChunkSize] {
            #expect(try CSVReader.records(bytes, chunkSize: size) == Self.expected, "piece size \(size)")
        }
    }

    @Test func gb18030_everyPieceSize_sameRecords() throws {
        let bytes = gb18030(String(Self.text.dropFirst()))
        #expect(Array(gb18030("姓名")) == [0xD0, 0xD5, 0xC3, 0xFB] && gb18030("𠀀") == [0x95, 0x32, 0x82, 0x36])
        for size in [4, 5, 6, 7, 8, 9, 10, 11, 13, 64, CSVReader.defaultChunkSize] {
            #expect(try CSVReader.records(bytes, chunkSize: size) == Self.expected, "piece size \(size)")
        }
    }

    @Test func encodingGuess_lookPastAPieceEndingInALeadByte() throws {
        // The first non-ASCII byte (GBK 张's lead byte D5) is the last of the first 6-byte piece.
        let bytes = Array("ab,c\n".utf8) + gb18030("张三,男\n")
        #expect(try CSVReader.records(bytes, chunkSize: 6) == [SheetRecord(row: 1, fields: ["ab", "c"]), SheetRecord(row: 2, fields: ["张三", "男"])])
    }

    @Test func undecodableBytes_nameTheirRow() {
        // GBK: 0x81 0x20 is no character (0x20 cannot follow a lead byte).
        let gbk = gb18030("姓名,性别\n张三,男\n") + [0x81, 0x20, 0x0A]
        for size in [4, 7, 1 << 20] {
            #expect(throws: SheetReadError.unreadable("第3行含有无法识别的字符：文件应以UTF-8或GBK编码保存")) {
                try CSVReader.records(gbk, chunkSize: size)
            }
        }
        // UTF-8 decided by the first piece, a bad byte far later.
        let utf8 = Array("姓名,性别\n".utf8) + Array(repeating: 0x61, count: 100) + [0x0A, 0x61, 0xFF, 0x0A]
        #expect(throws: SheetReadError.unreadable("第3行含有无法识别的字符：文件应以UTF-8或GBK编码保存")) {
            try CSVReader.records(utf8, chunkSize: 16)
        }
    }

    @Test func fieldsOfEveryLength_piecesCutAnywhere() throws {
        // Fields of 0–20 characters (ASCII, CJK, two-byte), records cut by pieces of every size
        // (copied when their record goes on), CRLF and LF; the first field never empty.
        let alphabet = ["a", "1", "张", "·", "é"]
        let rows: [[String]] = (0..<80).map { r in
            (0..<(1 + r % 7)).map { k in String(repeating: alphabet[(r + k) % alphabet.count], count: k == 0 ? 1 + r % 20 : (r * 7 + k * 3) % 21) }
        }
        var text = ""
        for (r, row) in rows.enumerated() { text += row.joined(separator: ",") + (r % 3 == 0 ? "\n" : "\r\n") }
        let expected = rows.enumerated().map { SheetRecord(row: $0.offset + 1, fields: $0.element) }
        for size in [4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 1 << 20] {
            #expect(try CSVReader.records(Array(text.utf8), chunkSize: size) == expected, "piece size \(size)")
        }
        // The same through the view the import reads: each record's bytes, field by field.
        var viewed: [[String]] = []
        try CSVReader.forEachCSVRecord(in: InMemoryFile(Array(text.utf8)), chunkSize: 9) { record in
            viewed.append((0..<record.count).map { String(decoding: record[$0], as: UTF8.self) })
            #expect(record[record.count].isEmpty)
        }
        #expect(viewed == rows)
    }

    @Test func malformedUTF8_isRefused_whileAWrittenReplacementCharacterIsKept() throws {
        // Overlong forms, a surrogate, a value past U+10FFFF, a cut-off character, a stray
        // continuation byte: each inside a field that is otherwise fine, after the first piece
        // (which decides UTF-8), at every place of a piece.
        let bad: [[UInt8]] = [[0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0x80]]
        for bytes in bad {
            let file = Array("姓名,性别\n".utf8) + Array(repeating: 0x61, count: 100) + [0x0A, 0x61] + bytes + Array(",b\n".utf8)
            for size in [16, 17, 18, 19, 64] {
                #expect(throws: SheetReadError.unreadable("第3行含有无法识别的字符：文件应以UTF-8或GBK编码保存"), "\(bytes) \(size)") {
                    try CSVReader.records(file, chunkSize: size)
                }
            }
        }
        // U+FFFD written in the file is a character like any other.
        let kept = Array("姓名,性别\n张\u{FFFD},男\n".utf8)
        #expect(try CSVReader.records(kept, chunkSize: 1 << 20).last == SheetRecord(row: 2, fields: ["张\u{FFFD}", "男"]))
    }

    @Test func unclosedQuote_namesItsRow() {
        for size in [4, 1 << 20] {
            #expect(throws: SheetReadError.unreadable("第2行的引号没有闭合，请检查该行的双引号")) {
                try CSVReader.records(Array("a\n\"b,c\nd\n".utf8), chunkSize: size)
            }
        }
    }

    @Test func localFile_readsInPieces() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(getpid()).csv")
        try Data(Self.text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try #require(LocalFile(path: url.path))
        #expect(file.size == Self.text.utf8.count)
        #expect(try file.read(offset: file.size - 3, count: 10) == Array("5,x".utf8))
        var records: [SheetRecord] = []
        try CSVReader.forEachRecord(in: file, chunkSize: 5) { records.append($0) }
        #expect(records == Self.expected)
        #expect(LocalFile(path: "/nonexistent/x.csv") == nil && LocalFile(path: "/tmp") == nil)
    }
}
