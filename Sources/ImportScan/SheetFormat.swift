import Spreadsheet

/// The sheet formats an import reads.
public enum SheetFormat: Sendable {
    case csv, xlsx

    /// The first bytes of a zip archive (an .xlsx is one): `PK\3\4`.
    static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// The format a request names (`csv`, `xlsx`), or for `auto` the one `file` holds: an .xlsx
    /// when it starts like a zip archive, CSV otherwise. Throws the file's read error.
    public init(requested: String, of file: any ImportFile) throws {
        switch requested {
        case "xlsx": self = .xlsx
        case "csv": self = .csv
        default: self = try file.read(offset: 0, count: 4).starts(with: Self.zipSignature) ? .xlsx : .csv
        }
    }

    /// The one place a sheet format meets its reader: `body` gets each record of `file` in order.
    /// Throws ``SheetReadError``, ``ImportRefusal`` or what `body` throws.
    public func forEachRecord(in file: any ImportFile, limits: ImportLimits, _ body: (SheetRecord) throws -> Void) throws {
        switch self {
        case .csv: try CSVReader.forEachRecord(in: file, body)
        case .xlsx: try XlsxReader.forEachRecord(in: file, limits: limits.xlsx, body)
        }
    }
}
