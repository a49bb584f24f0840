/// Reads the first worksheet of an .xlsx upload as records, streaming: the zip is read through
/// `ImportFile` in 64 KiB pieces, the sheet's XML inflated chunk by chunk into libxml2's push
/// parser, and rows handed on as they complete. Memory holds the shared strings (the distinct
/// texts) and a chunk, never the sheet.
public enum XlsxReader {
    /// Calls `body` with each row of the first worksheet, in order, with the row number Excel
    /// shows; rows absent from the sheet are skipped, cells absent from a row are "". Throws
    /// `SheetReadError` (`file_unreadable`, `file_too_large`) or what `body` throws.
    public static func forEachRecord(in file: any ImportFile, limits: XlsxLimits = .standard,
                                     _ body: (SheetRecord) throws -> Void) throws {
        let archive = try ZipArchive(file: file, limits: limits)
        var budget = InflationBudget()
        let parts = try WorkbookLocator(archive: archive, budget: &budget)
        var strings = SharedStrings()
        if let entry = parts.sharedStrings {
            let collector = SharedStringsHandler()
            try archive.parse(entry, maxBytes: min(limits.maxSharedStringsBytes, limits.maxEntryInflatedBytes), budget: &budget, handler: collector)
            strings = collector.strings
        }
        let handler = WorksheetHandler(sharedStrings: strings, maxColumns: limits.maxColumns)
        let parser = try XMLPushParser(handler: handler)
        func handOn() throws {
            if let failure = handler.failure { throw failure }
            for record in handler.pending { try body(record) }
            handler.pending.removeAll(keepingCapacity: true)
        }
        try archive.stream(parts.worksheet, maxBytes: limits.maxEntryInflatedBytes, budget: &budget) { chunk in
            try parser.feed(chunk)
            try handOn()
        }
        try parser.finish()
        try handOn()
    }
}
