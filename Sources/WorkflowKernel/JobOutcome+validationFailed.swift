import JobQueue

extension JobOutcome {
    /// `validation_failed` for a payload that did not decode: a one-sentence summary naming the
    /// first five errors, every error in `errors`, and the `entity` result field when the payload's
    /// `entityField` (`institutionId`, `applicationId`, `classId`, …) is a readable identifier.
    public static func validationFailed(_ invalid: ValidationErrors, payload: JSONValue, entityField: String) -> JobOutcome {
        let errors = invalid.errors
        let list = errors.prefix(5).map { "\($0.field) (\($0.code))" }.joined(separator: ", ")
        let summary = "\(errors.count) invalid field\(errors.count == 1 ? "" : "s"): \(list)\(errors.count > 5 ? ", …" : "")"
        var fields: [(String, String)] = []
        if let id = payload[entityField]?.stringValue, PayloadReader.isIdentifier(id) { fields.append(("entity", id)) }
        return .rejected("validation_failed", summary, errors: errors, fields: fields)
    }
}
