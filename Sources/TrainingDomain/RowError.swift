/// One error of an import row, as stored in the import's error list:
/// `{"row": 5, "column": "身份证号", "code": "id.checksum", "message": "…"}`.
public struct RowError: Sendable, Hashable, Codable {
    /// The row number Excel shows (header = row 1).
    public let row: Int
    /// The template column, encoded as its Chinese name.
    public let column: StudentColumn
    /// The contract code.
    public let code: RowErrorCode
    /// A Chinese sentence for the clerk.
    public let message: String

    /// Creates an error; `message` defaults to the code's message and `column` is the code's.
    public init(row: Int, code: RowErrorCode, message: String? = nil) {
        self.row = row
        self.column = code.column
        self.code = code
        self.message = message ?? code.message
    }
}
