import Testing
@testable import vtctl

/// `template` and `import` command lines, parsed without running anything.
@Suite struct ImportInvocationTests {
    @Test func template_defaultsToXlsxOnStandardOutput() throws {
        #expect(try command("template students") == TemplateCommand.Students(format: "xlsx", out: nil))
        #expect(try command("template students --format csv --out t.csv") == TemplateCommand.Students(format: "csv", out: "t.csv"))
        #expect(usageError("template students --format pdf") == "--format must be xlsx or csv")
        #expect(usageError("template teachers") == "unknown subcommand template teachers (students, scores)")
        #expect(try command("template scores --class class-1 --format csv") == TemplateCommand.Scores(classId: "class-1", format: "csv", out: nil))
        #expect(try command("template scores --class class-1 --out s.xlsx") == TemplateCommand.Scores(classId: "class-1", format: "xlsx", out: "s.xlsx"))
        #expect(usageError("template scores") == "template scores needs --class CLASS_ID")
    }

    @Test func importRun_needsClassAndFile_andChecksModeAndFormat() throws {
        #expect(try command("import run --class c1 --file r.csv") == ImportCommand.Run(
            classId: "c1", institutionId: nil, file: "r.csv", mode: "all_or_nothing", format: "auto", importId: nil, timeoutSeconds: 30))
        #expect(try command("import run --class c1 --file r.xlsx --institution i1 --mode accept_valid --format xlsx --import-id imp-1 --timeout 90")
                == ImportCommand.Run(classId: "c1", institutionId: "i1", file: "r.xlsx", mode: "accept_valid", format: "xlsx",
                                     importId: "imp-1", timeoutSeconds: 90))
        #expect(usageError("import run --file r.csv") == "--class is required")
        #expect(usageError("import run --class c1") == "--file is required")
        #expect(usageError("import run --class c1 --file r.csv --mode maybe") == "--mode must be all_or_nothing or accept_valid")
        #expect(usageError("import run --class c1 --file r.csv --format xls") == "--format must be csv, xlsx or auto")
    }

    @Test func importRun_jsonIsAlwaysTheOutputFlag_neverTheFile() throws {
        let i = try parseInvocation("import run --class c1 --file r.csv --json")
        #expect(i.global.json && i.warnings.isEmpty)
        #expect(usageError("import run --class c1 --json r.csv") == "unexpected argument r.csv")
    }

    @Test func importReport_takesTheImportId() throws {
        #expect(try command("import report imp-1") == ImportCommand.Report(importId: "imp-1", errorLimit: 20, errorsOut: nil))
        #expect(try command("--json import report imp-1 --errors 0 --errors-out e.XLSX")
                == ImportCommand.Report(importId: "imp-1", errorLimit: 0, errorsOut: "e.XLSX"))
        #expect(usageError("import report imp-1 --errors-out errors.pdf") == "--errors-out must name a .csv or .xlsx file")
        #expect(usageError("import report") == "IMPORT_ID is required")
        #expect(usageError("import delete imp-1") == "unknown subcommand import delete (run, report)")
    }
}
