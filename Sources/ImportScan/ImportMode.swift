/// The two import modes.
public enum ImportMode: String, Sendable, CaseIterable {
    /// Any invalid row: nothing joins the roster (`import_refused`).
    case allOrNothing = "all_or_nothing"
    /// The valid rows join the roster (`partially_imported` when some are invalid).
    case acceptValid = "accept_valid"
}
