// vtctl: the operators' and reviewers' command line. Each command is one declaration (see
// VtctlCommand and CommandTable); parsing is pure (Invocation.parse). See `vtctl --help`.
import Foundation
import RedisClient

/// vtctl's connection; for a command that works without Redis, one that is not open when Redis
/// cannot be reached (its commands throw, and the command says it checked offline).
func connect(_ redis: RedisConfiguration, offlineAllowed: Bool) throws -> RedisConnection {
    do {
        return try RedisConnection(redis, clientName: "vtctl")
    } catch {
        guard offlineAllowed else { throw error }
        return RedisConnection(unconnected: redis, clientName: "vtctl")
    }
}

func run() -> Int32 {
    let invocation: Invocation
    do {
        invocation = try Invocation.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    } catch {
        FileHandle.standardError.write(Data("vtctl: \(error.message)\n\(CommandTable.usage)\n".utf8))
        return ExitCode.usage.rawValue
    }
    for warning in invocation.warnings { FileHandle.standardError.write(Data("vtctl: warning: \(warning)\n".utf8)) }
    guard let command = invocation.command else {
        print(CommandTable.usage)
        return ExitCode.ok.rawValue
    }
    do {
        let redis = try RedisConfiguration(url: invocation.global.redisURL, environment: ProcessInfo.processInfo.environment)
        let session = Session(global: invocation.global, connection: try connect(redis, offlineAllowed: type(of: command).worksWithoutRedis))
        return try command.run(session).rawValue
    } catch let error as UsageError {
        FileHandle.standardError.write(Data("vtctl: \(error.message)\n".utf8))
        return ExitCode.usage.rawValue
    } catch {
        FileHandle.standardError.write(Data("vtctl: \(error)\n".utf8))
        return ExitCode.error.rawValue
    }
}

exit(run())
