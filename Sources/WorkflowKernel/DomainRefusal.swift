import JobQueue

/// A message refused by a workflow's rules: the contract's outcome code, one sentence in
/// English, and the field errors if any. Each workflow names its own kind
/// (`CertificationRefusal`, `QualificationRefusal`) over its code enum.
public struct DomainRefusal<Code: RawRepresentable & Sendable & Equatable>: Sendable, Equatable where Code.RawValue == String {
    public let code: Code
    public let message: String
    public let errors: [FieldError]

    public init(_ code: Code, _ message: String, errors: [FieldError] = []) {
        self.code = code
        self.message = message
        self.errors = errors
    }

    /// The job's `rejected` outcome, guarded by what the refusal was decided on.
    public func outcome(guards: [Guard], fields: [(String, String)]) -> JobOutcome {
        .rejected(code.rawValue, message, errors: errors, guards: guards, fields: fields)
    }
}
