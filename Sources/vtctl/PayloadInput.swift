import Foundation
import JobQueue

/// The part of a payload a clerk's command takes either from its options (built when the command
/// line is parsed) or from `--file FILE` (JSON, `-` = standard input, read when the command runs):
/// the class of `class create`, the student of `class add-student`, the courses of `class
/// publish`, the scores of `scores set`.
enum PayloadInput: Equatable {
    case options(JSONValue)
    case file(String)

    /// `--file` when given (then none of `optionNames` may be), else `build()` from the options.
    static func parse(_ args: Arguments, optionNames: [String], build: () throws(UsageError) -> JSONValue) throws(UsageError) -> PayloadInput {
        guard let file = args.values["file"] else { return .options(try build()) }
        let given = optionNames.filter { args.values[$0] != nil || args.lists[$0] != nil }
        guard given.isEmpty else {
            throw UsageError("give --file or \(given.map { "--" + $0 }.joined(separator: ", ")), not both")
        }
        return .file(file)
    }

    /// The JSON: the options' own, or the file's; nil after printing why the file cannot be read.
    /// A file that is not JSON is a usage error.
    func value(_ s: Session) throws -> JSONValue? {
        switch self {
        case .options(let value): return value
        case .file(let path):
            guard let data = JobFile.read(s, path) else { return nil }
            do {
                return try JSONValue.parse(Array(data))
            } catch {
                throw UsageError("\(path) is not JSON: \(error.message)")
            }
        }
    }

    /// An option's text as the JSON a decoder expects for a number: the number when the text
    /// is one, else the text itself, so the decoder names the problem (`"九十"`: `score.format`).
    static func number(_ text: String) -> JSONValue {
        if let n = Double(text.trimmingCharacters(in: .whitespaces)), n.isFinite { return .number(n) }
        return .string(text)
    }
}
