/// A data table (regions, occupations, student types) that decoded but breaks a rule the
/// module relies on.
public struct DomainDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The table, e.g. `hunan-regions.json`.
    public let table: String
    /// What is wrong, in English for operators.
    public let reason: String

    /// Creates an error for `table`.
    public init(table: String, reason: String) {
        self.table = table
        self.reason = reason
    }

    /// `table: reason`.
    public var description: String { "\(table): \(reason)" }
}
