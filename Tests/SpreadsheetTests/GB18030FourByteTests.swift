import Testing
@testable import Spreadsheet

/// A GB18030 CSV (what Chinese Excel saves) with four-byte sequences: the CJK Extension B
/// characters of rare names (GB 18030-2022 requires them) decode, wherever a piece boundary
/// falls. The bytes are Python's `'…'.encode('gb18030')`, not this system's own encoder.
@Suite struct GB18030FourByteTests {
    /// `姓名,性别\r\n𠇔明,男\r\n𡒄华,女\r\n`: 𠇔 U+201D4 is `95 32 B1 34`, 𡒄 U+21484 is `95 36 97 38`.
    static let csv: [UInt8] = [
        0xD0, 0xD5, 0xC3, 0xFB, 0x2C, 0xD0, 0xD4, 0xB1, 0xF0, 0x0D, 0x0A,
        0x95, 0x32, 0xB1, 0x34, 0xC3, 0xF7, 0x2C, 0xC4, 0xD0, 0x0D, 0x0A,
        0x95, 0x36, 0x97, 0x38, 0xBB, 0xAA, 0x2C, 0xC5, 0xAE, 0x0D, 0x0A,
    ]
    static let expected = [
        SheetRecord(row: 1, fields: ["姓名", "性别"]),
        SheetRecord(row: 2, fields: ["\u{201D4}明", "男"]),
        SheetRecord(row: 3, fields: ["\u{21484}华", "女"]),
    ]

    @Test func csv_gb18030WithFourByteSequences_decodesExtensionBCharacters() throws {
        #expect(try CSVReader.records(Self.csv) == Self.expected)
    }

    @Test func csv_gb18030FourByteSequenceSplitByAnyPieceSize_decodesTheSame() throws {
        // Sizes 12–14 cut 𠇔 after its first, second and third byte.
        for size in 4...Self.csv.count {
            #expect(try CSVReader.records(Self.csv, chunkSize: size) == Self.expected, "piece size \(size)")
        }
    }

    @Test func csv_startingWithAFourByteSequence_isTakenForGB18030() throws {
        let bytes: [UInt8] = [0x95, 0x32, 0xB1, 0x34, 0x2C, 0x31, 0x0A]
        #expect(try CSVReader.records(bytes) == [SheetRecord(row: 1, fields: ["\u{201D4}", "1"])])
    }

    @Test func decoder_fourByteSequenceInTwoPieces_isKeptUntilComplete() throws {
        let decoder = try GB18030Decoder()
        let first: [UInt8] = [0x95, 0x32], second: [UInt8] = [0xB1, 0x34]
        #expect(try first.withUnsafeBufferPointer { try decoder.decode($0, final: false) } == [])
        #expect(try second.withUnsafeBufferPointer { try decoder.decode($0, final: true) } == Array("\u{201D4}".utf8))
    }

    @Test func decoder_truncatedFourByteSequenceAtTheEnd_isUndecodable() throws {
        let decoder = try GB18030Decoder()
        let bytes: [UInt8] = [0xC3, 0xF7, 0x95, 0x32, 0xB1]
        #expect(throws: GB18030Decoder.Undecodable.self) { try bytes.withUnsafeBufferPointer { try decoder.decode($0, final: true) } }
    }
}
