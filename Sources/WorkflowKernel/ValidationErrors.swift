import JobQueue

/// Field errors of a payload that failed validation (at least one).
public struct ValidationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
