import Foundation

/// Runs one of the Debian programs the tests read the certificate with (poppler-utils'
/// `pdftotext`, `pdfinfo`, `pdffonts`, `pdftoppm`; zbar-tools' `zbarimg`; `openssl`; `bash`),
/// installed by `deploy/install-deps.sh --tests`.
public struct CommandLineTool: Sendable {
    /// What the program printed and how it ended.
    public struct Run: Sendable {
        public let status: Int32
        public let output: Data
        public let errors: String

        /// stdout as UTF-8 text.
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// A program that could not run or failed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The program's name, looked up on `PATH` (`/usr/bin` for Debian's).
    public let name: String

    public init(name: String) { self.name = name }

    /// Runs the program with `arguments` in `directory`; stderr goes to a file (a second pipe
    /// could fill up while stdout is read).
    public func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vt-\(name)-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
              let errors = FileHandle(forWritingAtPath: errorFile.path) else { throw Failure(description: "cannot create \(errorFile.path)") }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        let stderr = String(decoding: FileManager.default.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self)
        return Run(status: process.terminationStatus, output: printed, errors: stderr)
    }

    /// ``run(_:in:environment:)``, throwing unless the program exits 0.
    public func succeed(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        let run = try run(arguments, in: directory, environment: environment)
        guard run.status == 0 else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) exited \(run.status) "
                + "(bash deploy/install-deps.sh --tests installs poppler-utils, zbar-tools and openssl): \(run.errors)")
        }
        return run
    }

    public static let pdftotext = CommandLineTool(name: "pdftotext")
    public static let pdfinfo = CommandLineTool(name: "pdfinfo")
    public static let pdffonts = CommandLineTool(name: "pdffonts")
    public static let pdftoppm = CommandLineTool(name: "pdftoppm")
    public static let zbarimg = CommandLineTool(name: "zbarimg")
    public static let openssl = CommandLineTool(name: "openssl")
    public static let bash = CommandLineTool(name: "bash")
    public static let sh = CommandLineTool(name: "sh")
}

/// A temporary directory, removed when the test is done with it.
public final class ScratchDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vt-certificate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to `name` in the directory and returns its path.
    public func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}
