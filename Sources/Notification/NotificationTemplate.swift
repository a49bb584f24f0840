import Foundation
import JobQueue
import TrainingDomain
import WorkflowKernel

/// The kind of a template parameter: what the payload must hold and how it is shown.
public enum ParamKind: Sendable, Equatable {
    /// A non-empty string (at most 500 characters); ID numbers and phones inside are masked.
    case text
    /// A person's name, shown masked (`李**`).
    case personName
    /// A resident ID number, shown masked (`4301**********123X`).
    case idNumber
    /// A non-negative integer, as a JSON number or a string of digits.
    case count
    /// A `YYYY-MM-DD` date.
    case date
}

/// One parameter of a template: its name in `payload.params`, its kind, whether it is required.
public struct TemplateParam: Sendable, Equatable {
    public let name: String
    public let kind: ParamKind
    public let required: Bool
    public init(_ name: String, _ kind: ParamKind = .text, required: Bool = true) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}

/// A rendered notification: Chinese title and body, PII masked.
public struct RenderedText: Sendable, Equatable {
    public let title: String
    public let body: String
}

/// A notification template: the parameters it needs and how it turns them into Chinese text.
public struct NotificationTemplate: Sendable {
    public let name: String
    public let params: [TemplateParam]
    /// Builds title and body from the checked, display-ready (masked) values.
    let build: @Sendable ([String: String]) -> (String, String)

    public init(_ name: String, _ params: [TemplateParam], render: @escaping @Sendable ([String: String]) -> (String, String)) {
        self.name = name
        self.params = params
        self.build = render
    }

    /// Checks `params` and renders. Every problem is reported at once (`payload.params.x`); a
    /// template is never rendered half-filled. A producer's own `title` / `body` params (the
    /// certification workflow sends its texts) replace the template's, after the same masking.
    public func render(_ raw: [String: JSONValue]) -> Result<RenderedText, ValidationErrors> {
        var values: [String: String] = [:]
        var errors: [FieldError] = []
        func fail(_ name: String, _ code: String, _ message: String) {
            errors.append(FieldError(field: "payload.params.\(name)", code: code, message: message))
        }
        for param in params {
            guard let value = raw[param.name], value != .null else {
                if param.required { fail(param.name, "field.required", "\(param.name) is required by template \(name)") }
                continue
            }
            switch Self.display(value, as: param.kind) {
            case .success(let text): values[param.name] = text
            case .failure(let problem): fail(param.name, problem.code, "\(param.name) \(problem.message)")
            }
        }
        for extra in ["title", "body"] {
            guard let value = raw[extra], value != .null else { continue }
            if let text = value.stringValue, !text.isEmpty { values["_" + extra] = PIIMasker.mask(text) }
            else { fail(extra, "field.type", "\(extra) must be a non-empty string") }
        }
        guard errors.isEmpty else { return .failure(ValidationErrors(errors)) }
        let (title, body) = build(values)
        return .success(RenderedText(title: values["_title"] ?? title, body: values["_body"] ?? body))
    }

    struct Problem: Error {
        let code: String
        let message: String
    }

    static func display(_ value: JSONValue, as kind: ParamKind) -> Result<String, Problem> {
        switch kind {
        case .count:
            if let n = value.intValue, n >= 0 { return .success(String(n)) }
            if let s = value.stringValue, !s.isEmpty, s.utf8.count <= 9, s.allSatisfy(\.isASCIIDigit), let n = Int(s) {
                return .success(String(n))
            }
            return .failure(Problem(code: "field.type", message: "must be a non-negative integer, got \(value.typeName)"))
        case .date:
            guard let s = value.stringValue else { return .failure(Problem(code: "field.type", message: "must be a string, got \(value.typeName)")) }
            guard let date = LocalDate(s) else { return .failure(Problem(code: "field.format", message: "must be a date YYYY-MM-DD")) }
            return .success("\(date.year)年\(date.month)月\(date.day)日")
        case .text, .personName, .idNumber:
            guard let s = value.stringValue else { return .failure(Problem(code: "field.type", message: "must be a string, got \(value.typeName)")) }
            let text = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return .failure(Problem(code: "field.required", message: "must not be empty")) }
            if text.count > 500 { return .failure(Problem(code: "field.format", message: "is longer than 500 characters")) }
            switch kind {
            case .personName: return .success(PersonName.mask(text))
            case .idNumber: return .success(ResidentIDNumber.mask(text))
            default: return .success(PIIMasker.mask(text))
            }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

