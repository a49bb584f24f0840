/// One CSV record as the parser holds it: its fields' UTF-8 bytes (validated). A view of the
/// piece being parsed and the parser's buffers, valid only during the call it is passed to
/// (``CSVReader/forEachCSVRecord(in:chunkSize:_:)``): keep ``record`` instead.
public struct CSVRecord {
    /// The row number Excel shows for the record.
    public let row: Int
    private let fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

    init(row: Int, fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) {
        self.row = row
        self.fields = fields
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Field `index`'s bytes; empty past the last field.
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        index >= 0 && index < fields.count ? fields[index] : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// The record with its fields as strings.
    public var record: SheetRecord {
        SheetRecord(row: row, fields: (0..<count).map { String(decoding: self[$0], as: UTF8.self) })
    }
}
