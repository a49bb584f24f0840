import Testing
@testable import vtctl

/// `template` and `import` command lines, parsed without running anything.
@Suite struct ImportInvocationTests {
    @Test func template_defaultsToXlsxOnStandardOutput() throws {
        #expect(try parseCommand("template students") == .importCommand(.template(format: "xlsx", out: nil)))
        #expect(try parseCommand("template students --format csv --out t.csv") == .importCommand(.template(format: "csv", out: "t.csv")))
        #expect(usageError("template students --format pdf") == "--format must be xlsx or csv")
        #expect(usageError("template teachers")?.hasPrefix("unknown template teachers") == true)
    }

    @Test func importRun_needsClassAndFile_andChecksModeAndFormat() throws {
        #expect(try parseCommand("import run --class c1 --file r.csv") == .importCommand(.run(.init(
            classId: "c1", institutionId: nil, file: "r.csv", mode: "all_or_nothing", format: "auto", importId: nil, timeoutSeconds: 30))))
        #expect(try parseCommand("import run --class c1 --file r.xlsx --institution i1 --mode accept_valid --format xlsx --import-id imp-1 --timeout 90")
                == .importCommand(.run(.init(classId: "c1", institutionId: "i1", file: "r.xlsx", mode: "accept_valid", format: "xlsx",
                                             importId: "imp-1", timeoutSeconds: 90))))
        #expect(usageError("import run --file r.csv") == "--class is required")
        #expect(usageError("import run --class c1") == "--file is required")
        #expect(usageError("import run --class c1 --file r.csv --mode maybe") == "--mode must be all_or_nothing or accept_valid")
        #expect(usageError("import run --class c1 --file r.csv --format xls") == "--format must be csv, xlsx or auto")
    }

    @Test func importReport_takesTheImportId() throws {
        #expect(try parseCommand("import report imp-1") == .importCommand(.report(importId: "imp-1", errorLimit: 20, errorsOut: nil)))
        #expect(try parseCommand("--json import report imp-1 --errors 0 --errors-out e.XLSX")
                == .importCommand(.report(importId: "imp-1", errorLimit: 0, errorsOut: "e.XLSX")))
        #expect(usageError("import report imp-1 --errors-out errors.pdf") == "--errors-out must name a .csv or .xlsx file")
        #expect(usageError("import report") == "IMPORT_ID is required")
        #expect(usageError("import delete imp-1")?.hasPrefix("unknown subcommand import delete") == true)
    }
}
