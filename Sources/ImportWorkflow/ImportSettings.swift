import ImportScan

/// The import worker's limits from the environment (the runtime's settings come from
/// `WorkerConfiguration`, the import directory `VT_IMPORT_DIR` from ``ImportDirectory/load(environment:)``):
/// `VT_IMPORT_MAX_BYTES`, `VT_IMPORT_MAX_ROWS`.
extension ImportLimits {
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The contract's defaults, changed by the environment.
    public static func load(environment: [String: String]) throws(Invalid) -> ImportLimits {
        var limits = ImportLimits()
        if let text = environment["VT_IMPORT_MAX_BYTES"] {
            guard let n = Int(text), (1_024...1_073_741_824).contains(n) else {
                throw Invalid(description: "VT_IMPORT_MAX_BYTES must be 1024-1073741824, got \(text)")
            }
            limits.maxBytes = n
        }
        if let text = environment["VT_IMPORT_MAX_ROWS"] {
            guard let n = Int(text), (1...10_000_000).contains(n) else { throw Invalid(description: "VT_IMPORT_MAX_ROWS must be 1-10000000, got \(text)") }
            limits.maxRows = n
        }
        return limits
    }
}
