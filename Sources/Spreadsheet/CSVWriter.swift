/// Writes CSV for Excel: UTF-8 with a BOM (so Excel takes it as UTF-8), CRLF line ends,
/// RFC 4180 quoting, and cells that Excel would run as formulas (starting with `=`, `+`, `-`,
/// `@`, TAB or CR) prefixed with `'` (CSV injection).
public enum CSVWriter {
    /// The lines as one CSV file.
    public static func bytes(_ lines: some Sequence<[String]>) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        for line in lines { append(line, to: &out) }
        return out
    }

    /// Appends one line (with its CRLF).
    public static func append(_ line: [String], to out: inout [UInt8]) {
        for (i, cell) in line.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendCell(cell, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    static func appendCell(_ cell: String, to out: inout [UInt8]) {
        var text = Array(cell.utf8)
        if let first = text.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            text.insert(UInt8(ascii: "'"), at: 0)
        }
        guard text.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: text)
            return
        }
        out.append(0x22)
        for b in text {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }
}
