/// One CSV record as the parser holds it: its fields' bytes. A view of the piece being parsed and
/// the parser's buffers, valid only during the call it is passed to
/// (``CSVReader/forEachCSVRecord(in:chunkSize:_:)``): keep ``record`` instead. Some non-ASCII
/// fields may not be valid UTF-8 yet: ``checkUTF8(except:)`` before reading them as text.
public struct CSVRecord {
    /// The row number Excel shows for the record.
    public let row: Int
    private let fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>
    /// Bit `k`: field `k` is not checked as UTF-8 yet.
    private let unchecked: UInt64

    init(row: Int, fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, unchecked: UInt64) {
        self.row = row
        self.fields = fields
        self.unchecked = unchecked
    }

    /// Throws `file_unreadable` naming the row when a field not in `checked` (whose bytes the
    /// caller has found valid already) is not UTF-8.
    public func checkUTF8(except checked: [Int] = []) throws {
        var left = unchecked
        for k in checked where k < 64 { left &= ~(1 << UInt64(k)) }
        while left != 0 {
            let k = left.trailingZeroBitCount
            left &= left - 1
            guard UTF8Check.isValid(fields[k]) else { throw SheetReadError.undecodable(row: row) }
        }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Field `index`'s bytes; empty past the last field.
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        index >= 0 && index < fields.count ? fields[index] : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// The record with its fields as strings (bytes that are not UTF-8 repaired: ``checkUTF8(except:)`` first).
    public var record: SheetRecord {
        SheetRecord(row: row, fields: (0..<count).map { String(decoding: self[$0], as: UTF8.self) })
    }
}
