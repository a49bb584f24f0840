/// One problem with one field of a job, as the contract's `errors` array carries it:
/// `{"field": "payload.licenseNumber", "code": "uscc.checksum", "message": "…"}`.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON path of the field (`payload.items[2].level`), or `""` for the whole document.
    public let field: String
    /// A stable machine-readable code (`field.required`, `uscc.checksum`).
    public let code: String
    /// One sentence for a human.
    public let message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var json: JSONValue { ["field": .string(field), "code": .string(code), "message": .string(message)] }

    public var description: String { "\(field.isEmpty ? "(document)" : field): \(code): \(message)" }

    /// The contract's `errors` field: a JSON array of errors.
    public static func jsonArray(_ errors: [FieldError]) -> String { JSONValue.array(errors.map(\.json)).jsonString }
}
