@testable import Spreadsheet

/// Zips built and damaged on purpose for the refusal tests.
enum ZipTestBytes {
    /// A small valid workbook from `XlsxWriter`.
    static func workbook(rows: Int = 20) -> [UInt8] {
        var writer = XlsxWriter()
        writer.addSheet(name: "学员", rows: (0..<rows).map { ["\($0)", "学员\($0)", "430102199001011234"] })
        return writer.finish()
    }

    /// A zip of the given parts, deflated by the project's own writer.
    static func zip(_ parts: [(String, [UInt8])]) -> [UInt8] {
        var zip = ZipWriter()
        for (name, bytes) in parts { zip.addEntry(name, bytes) }
        return zip.finish()
    }

    /// A workbook whose only part is a first sheet with this XML (found by the fallback name).
    static func sheetOnly(_ xml: String) -> [UInt8] {
        zip([("xl/worksheets/sheet1.xml", Array(xml.utf8))])
    }

    /// Where the central directory record of `name` starts.
    static func directoryRecord(of name: String, in bytes: [UInt8]) -> Int {
        let nameBytes = Array(name.utf8)
        for at in stride(from: bytes.count - 46, through: 0, by: -1)
        where bytes.littleEndian32(at: at) == 0x0201_4B50 && bytes.littleEndian16(at: at + 28) == nameBytes.count
            && Array(bytes[(at + 46)..<(at + 46 + nameBytes.count)]) == nameBytes {
            return at
        }
        preconditionFailure("no directory record for \(name)")
    }

    /// `bytes` with a little-endian field of the directory record of `name` overwritten.
    static func patchingDirectory(of name: String, field offset: Int, width: Int, value: Int, in bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        let at = directoryRecord(of: name, in: bytes) + offset
        for i in 0..<width { copy[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        return copy
    }

    /// Where the end-of-central-directory record starts (no comment: the last 22 bytes).
    static func endRecord(in bytes: [UInt8]) -> Int { bytes.count - 22 }
}

extension ZipTestBytes {
    /// A one-entry zip whose entry is `deflated` (raw deflate data, written by hand) inflating to
    /// `content`.
    static func zip(name: String, deflated: [UInt8], content: [UInt8]) -> [UInt8] {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in content {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        let nameBytes = Array(name.utf8)
        func common(_ out: inout [UInt8]) {
            out.appendLittleEndian(20, bytes: 2)   // version needed
            out.appendLittleEndian(0, bytes: 2)    // flags
            out.appendLittleEndian(8, bytes: 2)    // deflate
            out.appendLittleEndian(0, bytes: 4)    // time, date
            out.appendLittleEndian(Int(crc), bytes: 4)
            out.appendLittleEndian(deflated.count, bytes: 4)
            out.appendLittleEndian(content.count, bytes: 4)
            out.appendLittleEndian(nameBytes.count, bytes: 2)
            out.appendLittleEndian(0, bytes: 2)    // extra
        }
        var out: [UInt8] = []
        out.appendLittleEndian(0x0403_4B50, bytes: 4)
        common(&out)
        out += nameBytes + deflated
        let directoryStart = out.count
        out.appendLittleEndian(0x0201_4B50, bytes: 4)
        out.appendLittleEndian(20, bytes: 2)       // version made by
        common(&out)
        out.appendLittleEndian(0, bytes: 2 + 2 + 2 + 4)   // comment, disk, internal, external attributes
        out.appendLittleEndian(0, bytes: 4)        // local header offset
        out += nameBytes
        let directorySize = out.count - directoryStart
        out.appendLittleEndian(0x0605_4B50, bytes: 4)
        out.appendLittleEndian(0, bytes: 4)        // disks
        out.appendLittleEndian(1, bytes: 2)
        out.appendLittleEndian(1, bytes: 2)
        out.appendLittleEndian(directorySize, bytes: 4)
        out.appendLittleEndian(directoryStart, bytes: 4)
        out.appendLittleEndian(0, bytes: 2)        // comment
        return out
    }

    /// Raw deflate data: `emptyBlocks` empty stored blocks (5 bytes each, nothing inflated),
    /// then `content` in one final stored block.
    static func deflatedWithEmptyBlocks(_ emptyBlocks: Int, then content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<emptyBlocks { out += [0x00, 0x00, 0x00, 0xFF, 0xFF] }
        out += [0x01, UInt8(content.count & 0xFF), UInt8(content.count >> 8), UInt8(~content.count & 0xFF), UInt8((~content.count >> 8) & 0xFF)]
        return out + content
    }
}
