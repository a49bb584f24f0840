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
    /// The ID numbers joining the roster, in row order.
    public var acceptedIDs: [String] = []
    /// The invalid rows as the file had them, with their reasons (nil when every row is valid).
    public var errorReport: ErrorReport?
}
