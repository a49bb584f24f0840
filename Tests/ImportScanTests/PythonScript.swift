import Foundation

/// Runs one of the reader scripts in `Fixtures/` with Debian's python3 (where
/// `python3-openpyxl` is installed; a pyenv `python3` first on `PATH` lacks Debian's packages)
/// and decodes the JSON it prints.
struct PythonScript {
    /// The script's file name in `Fixtures/`, without `.py`.
    let name: String

    static let python = "/usr/bin/python3"

    /// A script that failed: its exit status and what it printed on stderr (a missing openpyxl
    /// or soffice shows up here: `bash deploy/install-deps.sh --tests` installs both).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run<Output: Decodable>(_ arguments: [String], as type: Output.Type) throws -> Output {
        guard let script = Bundle.module.url(forResource: name, withExtension: "py", subdirectory: "Fixtures") else {
            throw Failure(description: "Fixtures/\(name).py is not in the test bundle")
        }
        // stderr goes to a file: a second pipe could fill up while stdout is read.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vt-\(name)-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
              let errors = FileHandle(forWritingAtPath: errorFile.path) else { throw Failure(description: "cannot create \(errorFile.path)") }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: FileManager.default.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self)
            throw Failure(description: "\(name).py exited \(process.terminationStatus) (bash deploy/install-deps.sh --tests installs "
                + "python3-openpyxl and libreoffice-calc-nogui): \(stderr)")
        }
        return try JSONDecoder().decode(Output.self, from: printed)
    }
}
