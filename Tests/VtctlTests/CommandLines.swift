@testable import vtctl

/// A command line split at spaces (no shell quoting), parsed as vtctl parses its arguments.
func parseInvocation(_ line: String, env: [String: String] = [:]) throws -> Invocation {
    try Invocation.parse(line.split(separator: " ").map(String.init), environment: env)
}

/// The command of a command line.
func parseCommand(_ line: String) throws -> Command { try parseInvocation(line).command }

/// The usage error a command line is refused with; nil when it parses.
func usageError(_ line: String) -> String? {
    do {
        _ = try parseInvocation(line)
        return nil
    } catch {
        return (error as? UsageError)?.message ?? "\(error)"
    }
}
