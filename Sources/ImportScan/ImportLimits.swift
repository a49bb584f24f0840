import Spreadsheet

/// The limits of an import (the contract's defaults: 20 MiB, 100,000 rows).
public struct ImportLimits: Sendable, Equatable {
    public var maxBytes: Int
    /// Rows with content after the header (empty rows are skipped, not counted).
    public var maxRows: Int
    /// Rows searched for the header.
    public var headerSearchRows: Int
    /// An .xlsx file's zip-bomb and structure limits (inflated sizes, ratio, entries, columns).
    public var xlsx: XlsxLimits

    public init(maxBytes: Int = 20 * 1024 * 1024, maxRows: Int = 100_000, headerSearchRows: Int = 20, xlsx: XlsxLimits = .standard) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
        self.headerSearchRows = headerSearchRows
        self.xlsx = xlsx
    }
}
