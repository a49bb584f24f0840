import Foundation
import JobQueue
import Testing

@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func configurationTable_listsEverySettingWithItsDefault() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = WorkerConfiguration.markdownTable()
        for line in table.split(separator: "\n").dropFirst(2) {
            #expect(readme.contains(line), "README is missing or has a stale row: \(line)")
        }
    }
}
