import Foundation

/// The shell blocks of `docs/certificates.md` that the tests run, so the commands a department
/// is told to type are the ones proven here: a block is the ```sh fence after a
/// `<!-- name: … -->` comment.
public enum DocumentedCommands {
    /// The page, from the repository (this file is `Tests/TestSupport/…`).
    public static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/certificates.md")

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The block after the comment `<!-- name`.
    public static func block(_ name: String) throws -> String {
        let text = try String(contentsOf: page, encoding: .utf8)
        guard let marker = text.range(of: "<!-- \(name)"), let fence = text.range(of: "```sh\n", range: marker.upperBound..<text.endIndex),
              let end = text.range(of: "```", range: fence.upperBound..<text.endIndex)
        else { throw Missing(description: "no ```sh block after <!-- \(name) in \(page.path)") }
        return String(text[fence.upperBound..<end.lowerBound])
    }

    /// Runs block `name` as a script with `shell` (Debian's `sh` is dash, as a department's may
    /// be) in `directory`, with `arguments`.
    public static func run(_ name: String, shell: CommandLineTool = .sh, arguments: [String] = [], in directory: URL) throws -> CommandLineTool.Run {
        let script = try ScratchFile(block(name), in: directory)
        return try shell.run([script.path] + arguments, in: directory)
    }
}

/// A script file written for one run.
private struct ScratchFile {
    let path: String

    init(_ text: String, in directory: URL) throws {
        path = directory.appendingPathComponent("block-\(UUID().uuidString).sh").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
