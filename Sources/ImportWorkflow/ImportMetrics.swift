import JobQueue

/// The import workflow's own counters on the import-worker's `/metrics`.
public enum ImportMetrics {
    /// `vt_import_rows_validated_total{result}`: rows of imported files read and validated, by
    /// what they came to (`valid`, `invalid`, `empty`).
    public static let rowsValidated = CounterFamily(
        name: "vt_import_rows_validated_total",
        help: "rows of imported files read and validated, by result (valid, invalid, empty; a re-run after a guard conflict counts again)",
        labels: ["result"])
}
