/// A parsed command line: `vtctl [--redis-url URL] [--prefix P] [--json] COMMAND [ARGS]`.
struct Invocation {
    var global: GlobalOptions
    /// The command to run; nil when the usage is asked for (`--help`, `-h`, or no command).
    var command: (any VtctlCommand)?
    /// Warnings for standard error (deprecated spellings), printed before the command runs.
    var warnings: [String] = []

    static let defaultTimeoutSeconds = 30

    /// Parses the arguments after the program name. Pure.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Invocation {
        var global = GlobalOptions(environment: environment)
        guard let rest = try takeGlobals(arguments, into: &global) else { return Invocation(global: global, command: nil) }
        guard !global.prefix.isEmpty else { throw UsageError("the prefix must not be empty") }
        guard !rest.isEmpty else { return Invocation(global: global, command: nil) }
        let declaration = try CommandTable.declaration(for: rest)
        var tail = Array(rest.dropFirst(declaration.words.count))
        var warnings: [String] = []
        if declaration.readsJSONFile, let rewritten = DeprecatedJSONFile.rewrite(tail) {
            tail = rewritten
            warnings.append(DeprecatedJSONFile.warning(declaration.words))
        }
        let options = declaration.options
        let args = try Arguments.parse(tail, values: options.values, flags: options.flags.union(["json"]), lists: options.lists)
        if args.flags.contains("json") { global.json = true }
        return Invocation(global: global, command: try declaration.parse(args), warnings: warnings)
    }

    /// Takes `--redis-url`, `--prefix` and `--output` from anywhere and `--json` from before the
    /// command into `global`; returns the other words, or nil when `--help` or `-h` is among them.
    private static func takeGlobals(_ arguments: [String], into global: inout GlobalOptions) throws(UsageError) -> [String]? {
        var rest: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "--" {
                rest += arguments[(i - 1)...]
                break
            }
            let (name, inline) = split(arg)
            switch name {
            case "--redis-url", "--prefix", "--output":
                guard let value = inline ?? (i < arguments.count ? arguments[i] : nil) else { throw UsageError("\(name) needs a value") }
                if inline == nil { i += 1 }
                if name == "--redis-url" { global.redisURL = value }
                if name == "--prefix" { global.prefix = value }
                if name == "--output" {
                    guard value == "json" || value == "text" else { throw UsageError("--output must be json or text") }
                    global.json = value == "json"
                }
            case "--json" where rest.isEmpty:
                global.json = true
            case "--help", "-h":
                return nil
            default:
                rest.append(arg)
            }
        }
        return rest
    }

    private static func split(_ arg: String) -> (String, String?) {
        guard arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }
}
