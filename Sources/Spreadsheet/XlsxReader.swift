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
        let sheet = try XlsxSheet(file: file, limits: limits, prefetch: false)
        try sheet.forEachRecord(sharedStrings: try sheet.parseSharedStrings(), body)
    }
}

/// An .xlsx upload opened for reading on two threads: ``sharedStrings`` (the part's compressed
/// bytes, read here) can be parsed on one thread while ``forEachRecord(_:)`` reads the sheet on
/// this one, its shared-string cells unresolved until ``SharedStringResolver/resolve(_:)``. The
/// shared strings come before the first row otherwise, a quarter of an .xlsx's reading time.
/// The zip-bomb limits hold as in one thread: the part's declared size (which its inflated
/// bytes must match) is counted against the total before the sheet is read.
public struct XlsxSheet {
    private let archive: ZipArchive
    private let worksheet: ZipEntry
    private let sharedStringsEntry: ZipEntry?
    /// The budget before the shared strings, and after them (their declared size, which their
    /// inflated bytes must match).
    private let budgetBeforeStrings: InflationBudget
    private let budget: InflationBudget
    /// xl/sharedStrings.xml, when the workbook has one (read ahead by the public initializer).
    public let sharedStrings: SharedStringsPart?

    /// Reads the zip's directory, the workbook's parts and the shared strings' compressed bytes
    /// from `file` (on the calling thread: the file may be a connection's).
    public init(file: any ImportFile, limits: XlsxLimits = .standard) throws(SheetReadError) {
        try self.init(file: file, limits: limits, prefetch: true)
    }

    init(file: any ImportFile, limits: XlsxLimits, prefetch: Bool) throws(SheetReadError) {
        archive = try ZipArchive(file: file, limits: limits)
        var budget = InflationBudget()
        let parts = try WorkbookLocator(archive: archive, budget: &budget)
        worksheet = parts.worksheet
        sharedStringsEntry = parts.sharedStrings
        budgetBeforeStrings = budget
        var part: SharedStringsPart?
        if let entry = parts.sharedStrings {
            try archive.checkDeclaredSize(entry, maxBytes: Self.maxSharedStringsBytes(limits), budget: budget)
            if prefetch {
                part = SharedStringsPart(entry: entry, limits: limits, budget: budget, bytes: try archive.prefetch(entry))
            }
            budget.inflatedBytes += entry.uncompressedSize
        }
        sharedStrings = part
        self.budget = budget
    }

    private static func maxSharedStringsBytes(_ limits: XlsxLimits) -> Int {
        min(limits.maxSharedStringsBytes, limits.maxEntryInflatedBytes)
    }

    /// The shared strings streamed from the file on this thread (empty without the part).
    func parseSharedStrings() throws(SheetReadError) -> SharedStrings {
        guard let entry = sharedStringsEntry else { return SharedStrings() }
        return try Self.parseSharedStrings(entry, in: archive, budget: budgetBeforeStrings)
    }

    private static func parseSharedStrings(_ entry: ZipEntry, in archive: ZipArchive, budget: InflationBudget) throws(SheetReadError) -> SharedStrings {
        var budget = budget
        let collector = SharedStringsHandler()
        try archive.parse(entry, maxBytes: maxSharedStringsBytes(archive.limits), budget: &budget, handler: collector)
        return collector.strings
    }

    /// Calls `body` with each row of the sheet, in order, shared-string cells unresolved. Throws
    /// `SheetReadError` or what `body` throws; a row's problem after the rows before it.
    public func forEachRecord(_ body: (SheetRecord) throws -> Void) throws {
        try forEachRecord(sharedStrings: nil, body)
    }

    func forEachRecord(sharedStrings strings: SharedStrings?, _ body: (SheetRecord) throws -> Void) throws {
        var budget = budget
        let handler = WorksheetHandler(sharedStrings: strings, maxColumns: archive.limits.maxColumns)
        let parser = try XMLPushParser(handler: handler)
        func handOn() throws {
            if let failure = handler.failure {
                for record in handler.pending.prefix(handler.rowsBeforeFailure) { try body(record) }
                throw failure
            }
            for record in handler.pending { try body(record) }
            handler.pending.removeAll(keepingCapacity: true)
        }
        try archive.stream(worksheet, maxBytes: archive.limits.maxEntryInflatedBytes, budget: &budget) { chunk in
            try parser.feed(chunk)
            try handOn()
        }
        try parser.finish()
        try handOn()
    }

    /// xl/sharedStrings.xml's compressed bytes, to be inflated and parsed on any thread.
    public struct SharedStringsPart: Sendable {
        let entry: ZipEntry
        let limits: XlsxLimits
        let budget: InflationBudget
        let bytes: PrefetchedFile

        /// Inflates and parses the part: `file_unreadable` or `file_too_large` as in one thread.
        public func parse() throws(SheetReadError) -> SharedStringResolver {
            let archive = ZipArchive(file: bytes, limits: limits, entries: [entry.name: entry])
            return SharedStringResolver(strings: try XlsxSheet.parseSharedStrings(entry, in: archive, budget: budget))
        }
    }
}
