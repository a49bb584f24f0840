/// A command line that could not be understood: printed with the usage, exit code 2.
struct UsageError: Error, Equatable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Arguments split into positionals, `--name value` (or `--name=value`) options, `--flag`s, and
/// repeatable `--name value` options (`--course A --course B`). Pure: no I/O, so every command
/// line is unit-tested.
struct Arguments: Equatable {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []
    /// The values of repeatable options, in the order given.
    var lists: [String: [String]] = [:]

    /// Splits `arguments`; options not in `values`, `flags` or `lists` are refused, as are repeated
    /// ones other than `lists`. A lone `--` ends option parsing (so a reason may start with `--`).
    static func parse(_ arguments: [String], values valueNames: Set<String>, flags flagNames: Set<String>,
                      lists listNames: Set<String> = []) throws(UsageError) -> Arguments {
        var parsed = Arguments()
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if optionsEnded || !arg.hasPrefix("--") || arg == "-" {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" {
                optionsEnded = true
                continue
            }
            let parts = arg.dropFirst(2).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = parts[0]
            if valueNames.contains(name) || listNames.contains(name) {
                let value: String
                if parts.count == 2 {
                    value = parts[1]
                } else {
                    guard i < arguments.count else { throw UsageError("--\(name) needs a value") }
                    value = arguments[i]
                    i += 1
                }
                if listNames.contains(name) {
                    parsed.lists[name, default: []].append(value)
                    continue
                }
                guard parsed.values[name] == nil else { throw UsageError("--\(name) is given twice") }
                parsed.values[name] = value
            } else if flagNames.contains(name), parts.count == 1 {
                parsed.flags.insert(name)
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
        return parsed
    }

    /// A required option's value.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name], !value.isEmpty else { throw UsageError("--\(name) is required") }
        return value
    }

    /// An optional whole number of at least `minimum`.
    func integer(_ name: String, minimum: Int) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let n = Int(text), n >= minimum else { throw UsageError("--\(name) must be a whole number of at least \(minimum)") }
        return n
    }

    /// Exactly `count` positionals, named in the error.
    func positionals(_ names: [String]) throws(UsageError) -> [String] {
        guard positionals.count <= names.count else { throw UsageError("unexpected argument \(positionals[names.count])") }
        guard positionals.count == names.count else { throw UsageError("\(names[positionals.count]) is required") }
        return positionals
    }
}
