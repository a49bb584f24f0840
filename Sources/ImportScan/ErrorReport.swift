import Spreadsheet
import TrainingDomain

/// The downloadable error report of an import (contract: "the rows with a 错误原因 column"): the
/// header row as the file had it plus 错误原因, then each invalid row's original cells plus its
/// reasons (`身份证号：…；性别：…`). A pure value, rendered as CSV here (``csvBytes``) and as
/// xlsx by a sheet writer.
public struct ErrorReport: Sendable, Equatable {
    /// The title of the added column.
    public static let reasonColumn = "错误原因"

    /// One invalid row.
    public struct Row: Sendable, Equatable {
        /// The row number Excel shows in the uploaded file.
        public let row: Int
        /// The cells as the file had them (not normalised).
        public let cells: [String]
        /// The row's errors, in rule order.
        public let errors: [RowError]

        public init(row: Int, cells: [String], errors: [RowError]) {
            self.row = row
            self.cells = cells
            self.errors = errors
        }

        /// `列名：说明` for each error, joined with `；`.
        public var reasons: String {
            errors.map { "\($0.column.rawValue)：\($0.message)" }.joined(separator: "；")
        }
    }

    /// The uploaded file's header row.
    public let header: [String]
    public let rows: [Row]

    public init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
    }

    /// The first line: the header plus 错误原因.
    public var headerLine: [String] { header + [Self.reasonColumn] }

    /// One row's line: its cells padded (or cut) to the header's width plus its reasons, so the
    /// reasons stay in one column.
    public func line(_ row: Row) -> [String] {
        let width = header.count
        let cells = row.cells.count >= width ? Array(row.cells.prefix(width)) : row.cells + Array(repeating: "", count: width - row.cells.count)
        return cells + [row.reasons]
    }

    /// The sheet as text cells: ``headerLine``, then each row's ``line(_:)``.
    public var table: [[String]] { [headerLine] + rows.map(line) }

    /// The name of the report's sheet in the .xlsx.
    public static let sheetName = "错误报告"

    /// The report as an .xlsx workbook: one sheet, every cell text (ID numbers keep their 18
    /// digits), the header bold and frozen, the 错误原因 column wide.
    public var xlsxBytes: [UInt8] {
        var writer = XlsxWriter(inlineStrings: true, fast: true)
        writer.addSheet(name: Self.sheetName, columnWidths: header.map { _ in 16 } + [60], rows: [headerLine].lazy + rows.lazy.map(line))
        return writer.finish()
    }

    /// The report as CSV for Excel (see `CSVWriter`), built line by line (no copy of the whole table).
    public var csvBytes: [UInt8] { CSVWriter.bytes([headerLine].lazy + rows.lazy.map(line)) }
}
