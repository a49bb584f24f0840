/// Cell and row references as a sheet's XML writes them (`r="C7"`, `r="7"`).
enum CellReference {
    /// Excel's last column (XFD) and row.
    static let maxColumns = 16_384
    static let maxRows = 1_048_576

    /// The zero-based column of a reference such as `AB12` (its letters), nil without letters or
    /// beyond XFD.
    static func column(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= 0x41, upper <= 0x5A else { break }
            column = column * 26 + Int(upper - 0x40)
            letters += 1
            if column > maxColumns { return nil }
        }
        return letters == 0 ? nil : column - 1
    }

    /// A positive decimal number (a row number, a shared-string index), nil otherwise.
    static func number(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !text.isEmpty, text.count <= 12 else { return nil }
        var value = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The spreadsheet name of a zero-based column (0 → A, 26 → AA), for the writer.
    static func letters(_ column: Int) -> String {
        var n = column + 1
        var letters: [UInt8] = []
        while n > 0 {
            let rest = (n - 1) % 26
            letters.append(UInt8(0x41 + rest))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}
