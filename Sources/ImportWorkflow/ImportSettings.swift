import Foundation
import ImportScan

/// The import worker's own settings from the environment (the runtime's come from
/// `WorkerConfiguration`): `VT_IMPORT_MAX_BYTES`, `VT_IMPORT_MAX_ROWS`, `VT_IMPORT_DIR`.
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
        if let dir = environment["VT_IMPORT_DIR"], !dir.isEmpty {
            guard let resolved = resolvedPath(dir) else { throw Invalid(description: "VT_IMPORT_DIR \(dir) does not exist") }
            limits.pathRoot = resolved
        }
        return limits
    }

    /// The file a `path` source may open: the path itself without a root; with one, the path
    /// resolved (symbolic links and `..` followed) when it lies under the root, nil when it does
    /// not. A path that does not resolve is returned as given (unless it holds `..`): it ends
    /// `file_unreadable` like any missing file.
    public func permittedPath(_ path: String) -> String? {
        guard let pathRoot else { return path }
        guard let resolved = Self.resolvedPath(path) else { return path.contains("..") ? nil : path }
        return resolved.hasPrefix(pathRoot.hasSuffix("/") ? pathRoot : pathRoot + "/") ? resolved : nil
    }

    /// The canonical absolute path (realpath(3)), or nil when it does not exist.
    static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
