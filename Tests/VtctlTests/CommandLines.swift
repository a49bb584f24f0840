@testable import vtctl

/// A command line split at spaces (no shell quoting), parsed as vtctl parses its arguments.
func parseInvocation(_ line: String, env: [String: String] = [:]) throws(UsageError) -> Invocation {
    try Invocation.parse(line.split(separator: " ").map(String.init), environment: env)
}

/// The command of a command line, as the declaration `C` it is expected to be (nil if another).
func command<C: VtctlCommand>(_ line: String, as type: C.Type = C.self) throws -> C? {
    try parseInvocation(line).command as? C
}

/// The usage error a command line is refused with; nil when it parses.
func usageError(_ line: String) -> String? {
    do {
        _ = try parseInvocation(line)
        return nil
    } catch {
        return error.message
    }
}
