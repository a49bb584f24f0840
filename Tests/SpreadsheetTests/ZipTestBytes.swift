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
