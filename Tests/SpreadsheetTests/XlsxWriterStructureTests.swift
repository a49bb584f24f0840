import Foundation
import Testing
@testable import Spreadsheet

/// The writer's output checked by another implementation: python3's zipfile (CRCs) and XML
/// parser (Fixtures/check_xlsx.py), as no spreadsheet program is installed here.
@Suite struct XlsxWriterStructureTests {
    @Test func writerOutput_passesPythonsZipAndXMLStructureCheck() throws {
        var writer = XlsxWriter()
        writer.addSheet(name: "学员", columnWidths: [6, 12], rows: [["序号", "姓名"], ["1", "张三 & <李四>"], ["2", ""]])
        writer.addSheet(name: "说明", rows: (0..<2_000).map { ["列\($0)", String(repeating: "说明", count: $0 % 50)] })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vt-xlsx-\(UUID().uuidString).xlsx")
        try Data(writer.finish()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = try #require(Bundle.module.url(forResource: "check_xlsx", withExtension: "py", subdirectory: "Fixtures"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed == "OK\n")
        #expect(process.terminationStatus == 0)
    }
}
