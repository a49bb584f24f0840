import TrainingDomain

/// What the rows of one file came to.
public struct ImportSummary: Sendable, Equatable {
    /// `imported`, `partially_imported`, `import_refused`.
    public var outcome: String = "imported"
    /// Non-empty data rows (valid + invalid).
    public var totalRows = 0
    public var validRows = 0
    public var invalidRows = 0
    /// Rows whose student joins the roster (0 when refused).
    public var acceptedRows = 0
    public var skippedEmptyRows = 0
    /// Every row error, in row order.
    public var errors: [RowError] = []
    /// The students of every valid row, in row order, whether or not they join the roster;
    /// empty when they were handed to the scan's `stage` as they were found instead (100,000
    /// records are then not kept twice).
    public var valid: [StudentRecord] = []
    /// Every valid row's ID number as its entry (``StudentRecord/entry``), in row order, kept
    /// either way: checked against the other classes of the occupation and level after the scan.
    public var validEntries: [UInt64] = []
    /// The students joining the roster, in row order: ``valid`` unless the import is refused.
    public var accepted: [StudentRecord] { outcome == "import_refused" ? [] : valid }
    /// The ID numbers of the students joining the roster, in row order.
    public var acceptedIDs: [String] { outcome == "import_refused" ? [] : validEntries.map(DuplicateTracker.idNumber(key:)) }
    /// The invalid rows as the file had them, with their reasons (nil when every row is valid).
    public var errorReport: ErrorReport?
}
