import Foundation
import TestSupport
import Testing
@testable import vtctl

/// `--json FILE`, the old spelling of `--file FILE` on the commands that read a JSON file:
/// still read as the file for one release, with a warning; `--json` is otherwise the output flag.
@Suite struct DeprecatedJSONFileTests {
    @Test(arguments: ["certification submit", "qualification apply", "enqueue --type class.created"])
    func oldJsonFileForm_isReadAsTheFile_withAWarning_andTextOutput(command: String) throws {
        let i = try parseInvocation("\(command) --json old.json")
        let words = command.split(separator: " ").prefix(while: { !$0.hasPrefix("--") }).joined(separator: " ")
        #expect(i.warnings == [DeprecatedJSONFile.warning(words.split(separator: " ").map(String.init))])
        #expect(i.warnings.first?.contains("use \(words) --file FILE") == true)
        #expect(i.global.json == false, "as before: the old form printed text")
        let new = try parseInvocation("\(command) --file old.json")
        #expect(new.warnings.isEmpty)
        #expect(String(describing: i.command!) == String(describing: new.command!))
    }

    @Test func oldForm_readsStandardInput_andKeepsAnOutputFlagBeforeTheCommand() throws {
        let i = try parseInvocation("--json certification submit --json -")
        #expect(i.command as? CertificationCommand.Submit == CertificationCommand.Submit(file: "-", timeoutSeconds: 30))
        #expect(i.global.json)
        #expect(i.warnings.count == 1)
        let inline = try parseInvocation("qualification apply --json=app.json")
        #expect(inline.command as? QualificationCommand.Apply == QualificationCommand.Apply(file: "app.json", timeoutSeconds: 30))
        #expect(inline.warnings.count == 1)
    }

    @Test func jsonBeforeAnOption_orLast_isTheOutputFlag_withoutAWarning() throws {
        let before = try parseInvocation("enqueue --json --type class.created --file c.json --wait")
        #expect(before.global.json && before.warnings.isEmpty)
        #expect((before.command as? EnqueueCommand)?.file == "c.json")
        let last = try parseInvocation("certification submit --file p.json --json")
        #expect(last.global.json && last.warnings.isEmpty)
    }

    @Test func oldAndNewFormTogether_isAUsageError() {
        #expect(usageError("certification submit --file a.json --json b.json") == "--file is given twice")
    }

    @Test func otherCommands_neverTakeJsonAsAFile() throws {
        #expect(usageError("reviewer list --json x.json") == "unexpected argument x.json")
        #expect(try parseInvocation("review list --department 430100 --json").warnings.isEmpty)
    }

    @Test func rewrite_leavesWordsAfterADoubleDashAlone() {
        #expect(DeprecatedJSONFile.rewrite(["--timeout", "5"]) == nil)
        #expect(DeprecatedJSONFile.rewrite(["--json", "f", "--", "--json", "g"]) == ["--file", "f", "--", "--json", "g"])
        #expect(DeprecatedJSONFile.rewrite(["--", "--json", "g"]) == nil)
    }

    @Test func vtctl_printsTheDeprecationWarningOnStandardError() throws {
        let p = Process()
        p.executableURL = builtExecutable("vtctl")
        // Port 1 refuses the connection: the warning comes first, then the command fails (exit 1).
        p.arguments = ["--redis-url", "redis://127.0.0.1:1/0", "certification", "submit", "--json", "missing.json"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.hasPrefix("vtctl: warning: certification submit --json FILE is deprecated"))
        #expect(text.contains("use certification submit --file FILE"))
        #expect(p.terminationStatus == 1)
    }
}
