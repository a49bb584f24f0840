/// Reads CSV bytes (RFC 4180: `"` quoting, `""` escapes, CRLF or LF line ends; UTF-8 with or
/// without BOM) into records, each with the row number Excel shows for it (a quoted field
/// spanning lines stays one row). Bytes that are not UTF-8 (GBK files) are refused.
public enum CSVReader {
    public typealias Record = SheetRecord

    public enum Failure: Error, Sendable, Equatable {
        /// The bytes are not UTF-8 (GBK/GB18030 is not read yet).
        case notUTF8
        /// A quoted field is never closed.
        case unterminatedQuote(row: Int)
    }

    public static func records(_ bytes: [UInt8]) throws(Failure) -> [Record] {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var row = 1
        var recordRow = 1
        var i = start
        var inQuotes = false
        var quoteRow = 1
        func endField() throws(Failure) {
            guard let text = String(validating: field, as: UTF8.self) else { throw .notUTF8 }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < n, bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if b == 0x0A { row += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where field.isEmpty:
                inQuotes = true
                quoteRow = row
            case 0x2C:
                try endField()
            case 0x0D, 0x0A:
                try endField()
                records.append(Record(row: recordRow, fields: fields))
                fields.removeAll(keepingCapacity: true)
                if b == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                row += 1
                recordRow = row
            default:
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(row: quoteRow) }
        if !field.isEmpty || !fields.isEmpty {
            try endField()
            records.append(Record(row: recordRow, fields: fields))
        }
        return records
    }
}
