/// Bounds on what reading one .xlsx may cost, against zip bombs and malformed archives. Sizes
/// are inflated (uncompressed) bytes; an entry's declared sizes are checked before inflating it,
/// and the bytes actually inflated while streaming (a zip's declared sizes can lie).
public struct XlsxLimits: Sendable, Equatable {
    /// Entries in the zip's central directory (a workbook has a few dozen).
    public var maxEntries: Int
    /// Inflated bytes of any one entry read (the sheet, shared strings, workbook parts).
    public var maxEntryInflatedBytes: Int
    /// Inflated bytes of all entries read, together.
    public var maxTotalInflatedBytes: Int
    /// Largest inflated-to-compressed ratio of an entry, checked once it has inflated more than
    /// `ratioCheckedAbove` bytes (small parts compress far better than data and are harmless).
    public var maxCompressionRatio: Int
    public var ratioCheckedAbove: Int
    /// Inflated bytes of the small parts read whole (workbook.xml and its relationships).
    public var maxWorkbookPartBytes: Int
    /// Inflated bytes of xl/sharedStrings.xml, which is kept in memory (as its texts).
    public var maxSharedStringsBytes: Int
    /// Columns of a row (a cell beyond is refused): a row's fields are materialised up to its
    /// last cell, so a cell at Excel's last column XFD would cost 16,384 fields a row.
    public var maxColumns: Int

    public init(
        maxEntries: Int = 10_000,
        maxEntryInflatedBytes: Int = 150 << 20,
        maxTotalInflatedBytes: Int = 200 << 20,
        maxCompressionRatio: Int = 200,
        ratioCheckedAbove: Int = 1 << 20,
        maxWorkbookPartBytes: Int = 4 << 20,
        maxSharedStringsBytes: Int = 64 << 20,
        maxColumns: Int = 1_000
    ) {
        self.maxEntries = maxEntries
        self.maxEntryInflatedBytes = maxEntryInflatedBytes
        self.maxTotalInflatedBytes = maxTotalInflatedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckedAbove = ratioCheckedAbove
        self.maxWorkbookPartBytes = maxWorkbookPartBytes
        self.maxSharedStringsBytes = maxSharedStringsBytes
        self.maxColumns = maxColumns
    }

    /// The defaults: 10,000 entries, 150 MiB per entry, 200 MiB in all, 200:1 above 1 MiB, 4 MiB
    /// for workbook parts, 64 MiB of shared strings, 1,000 columns.
    public static let standard = XlsxLimits()
}
