/// A file refused before any row was read: `file_unreadable`, `file_too_large`,
/// `too_many_rows`, `missing_columns`.
public struct ImportRefusal: Error, Sendable, Equatable {
    public let code: String
    public let message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
