import Foundation

/// Polls `condition` every few milliseconds until it holds or `timeout` seconds pass.
/// Returns whether it held; a condition that throws counts as not yet. For waiting on real
/// processes, never for asserting on speed.
public func eventually(timeout: Double = 20, _ condition: () throws -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if (try? condition()) == true { return true }
        usleep(10_000)
    }
    return (try? condition()) == true
}

/// Where the package's built executables are (next to the test bundle).
public func builtExecutable(_ name: String) -> URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
}

/// A child process (a worker under test) whose output goes to a file in `directory`.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: the Process handle is only touched by the test that owns it.
    public let process = Process()
    public let logURL: URL

    public init(executable: URL, arguments: [String] = [], environment: [String: String], logDirectory: URL, name: String) throws {
        logURL = logDirectory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logURL)
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }
    public var pid: Int32 { process.processIdentifier }

    public func kill(_ signal: Int32) { Glibc.kill(process.processIdentifier, signal) }

    /// Sends SIGTERM and waits up to `timeout` seconds; SIGKILL after that. Returns the exit status.
    @discardableResult
    public func terminate(timeout: Double = 20) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(SIGTERM)
        if !eventually(timeout: timeout, { !process.isRunning }) { kill(SIGKILL) }
        while process.isRunning { usleep(10_000) }
        return process.terminationStatus
    }

    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill(SIGKILL) }
        while process.isRunning { usleep(10_000) }
    }
}
