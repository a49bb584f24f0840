import ImportScan
import Testing
import TrainingDomain

/// The template and an error report as openpyxl (Debian's python3-openpyxl) reads them: the
/// sheets and their order, the text format of every cell and data column, the drop-down lists.
@Suite struct TemplateInOpenpyxlTests {
    static let reading = Result { try SampleReadings<OpenpyxlWorkbook>.read(with: PythonScript(name: "read_with_openpyxl")) }

    static let textColumns = ["A": "@", "B": "@", "C": "@", "D": "@", "E": "@", "F": "@"]

    @Test func template_dataSheetFirstAndActive_holdsTheHeaderAlone() throws {
        let template = try Self.reading.get().template
        #expect(template.sheets.map(\.name) == [StudentTemplate.sheetName, StudentTemplate.instructionsSheetName])
        #expect(template.sheets.map(\.state) == ["visible", "visible"])
        #expect(template.active == StudentTemplate.sheetName)
        #expect(template.sheets[0].rows == [StudentTemplate.header])
    }

    @Test func template_everyCellAndEveryDataColumn_isFormattedAsText() throws {
        let template = try Self.reading.get().template
        let data = template.sheets[0]
        #expect(data.columnFormats == Self.textColumns)
        #expect(data.cellFormats.count == 6 && data.cellFormats.values.allSatisfy { $0 == "@" })
        // Cells the sheet does not hold take their column's format in Excel (openpyxl says General).
        let instructions = template.sheets[1]
        #expect(instructions.columnFormats == ["A": "@", "B": "@", "C": "@", "D": "@"])
        let written = instructions.rows.enumerated().flatMap { row, values in
            values.enumerated().filter { $0.element != nil }.map { "ABCD".map(String.init)[$0.offset] + "\(row + 1)" }
        }
        #expect(written.count == StudentTemplate.instructions().joined().filter { !$0.isEmpty }.count)
        #expect(written.allSatisfy { instructions.cellFormats[$0] == "@" })
        #expect(data.nonText.isEmpty && instructions.nonText.isEmpty)
    }

    @Test func template_instructionsShowTheExampleBesideEachColumn_itsIDAsText() throws {
        let instructions = try Self.reading.get().template.sheets[1]
        #expect(instructions.rows[1...6].map { $0[0] } == StudentTemplate.header)
        #expect(instructions.rows[1...6].map { $0[2] } == StudentTemplate.example)
        #expect(instructions.rows[4][2] == StudentTemplate.exampleIDNumber)
    }

    @Test func template_dropDownsListTheTwoGendersAndTheTenStudentTypes() throws {
        let data = try Self.reading.get().template.sheets[0]
        let labels = StudentTypeCatalog.embedded.labels
        #expect(labels.count == 10)
        #expect(data.validations == [
            .init(type: "list", sqref: "C2:C10001", formula1: "\"男,女\"", allowBlank: true, showErrorMessage: true, errorStyle: "stop"),
            .init(type: "list", sqref: "F2:F10001", formula1: "\"" + labels.joined(separator: ",") + "\"", allowBlank: true,
                  showErrorMessage: true, errorStyle: "stop"),
        ])
    }

    @Test func templateWithStudentTypesTooLongToInline_listsThemFromTheInstructionsSheet() throws {
        let template = try Self.reading.get().longTypesTemplate
        let labels = SpreadsheetSamples.longStudentTypes.labels
        let rows = StudentTemplate.studentTypeRows(studentTypes: SpreadsheetSamples.longStudentTypes)
        #expect(template.sheets[0].validations.last?.formula1 == "'说明'!$A$\(rows.lowerBound):$A$\(rows.upperBound)")
        #expect(rows.map { template.sheets[1].rows[$0 - 1][0] } == labels)
    }

    @Test func errorReport_oneSheetOfTextCells_keepsIDsAndLeadingZeros() throws {
        let report = try Self.reading.get().report
        #expect(report.sheets.map(\.name) == [ErrorReport.sheetName])
        let sheet = report.sheets[0]
        #expect(sheet.rows.map { $0.map { $0 ?? "" } } == SpreadsheetSamples.errorReport.table)
        #expect(sheet.nonText.isEmpty)
        #expect(sheet.cellFormats.count == 3 * 7 && sheet.cellFormats.values.allSatisfy { $0 == "@" })
        #expect(sheet.columnFormats.values.allSatisfy { $0 == "@" } && sheet.columnFormats.count == 7)
    }
}
