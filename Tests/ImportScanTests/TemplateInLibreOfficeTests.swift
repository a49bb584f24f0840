import ImportScan
import Testing
import TrainingDomain

/// The template and an error report opened with a real spreadsheet program: LibreOffice Calc,
/// headless (Debian's libreoffice-calc-nogui), converting every sheet to CSV and to flat ODF.
/// What it shows, which cells it formats as text, and which drop-down lists it offers.
@Suite struct TemplateInLibreOfficeTests {
    static let reading = Result {
        try SampleReadings<LibreOfficeWorkbook>.read(with: PythonScript(name: "read_with_libreoffice"), workDirectory: true)
    }

    @Test func template_showsTheHeaderAloneOnTheDataSheet_andTheExampleOnlyOnTheInstructions() throws {
        let template = try Self.reading.get().template
        #expect(template.sheets.map(\.name) == [StudentTemplate.sheetName, StudentTemplate.instructionsSheetName])
        #expect(template.sheets[0].csv == [StudentTemplate.header])
        let instructions = template.sheets[1]
        #expect(instructions.csv[1...6].map { $0[2] } == StudentTemplate.example)
        #expect(instructions.cells["C5"] == .init(text: true, type: "string", list: nil))
    }

    @Test func template_cellsOfTheDataColumnsAreText_onTheHeaderAndEveryRowTheDropDownsCover() throws {
        let data = try Self.reading.get().template.sheets[0]
        for row in [1, 2, 3, 10_001] {
            for column in ["A", "B", "C", "D", "E", "F"] {
                #expect(data.cells["\(column)\(row)"]?.text == true, "\(column)\(row)")
            }
        }
    }

    @Test func template_dropDownsOfferTheTwoGendersAndTheTenStudentTypes_onRows2To10001() throws {
        let data = try Self.reading.get().template.sheets[0]
        let labels = StudentTypeCatalog.embedded.labels
        for row in [2, 3, 10_001] {
            #expect(data.cells["C\(row)"]?.list == ["男", "女"])
            #expect(data.cells["F\(row)"]?.list == labels)
            #expect(data.cells["D\(row)"]?.list == nil)
        }
        #expect(data.cells["C1"]?.list == nil && data.cells["C10002"]?.list == nil && data.cells["F10002"]?.list == nil)
    }

    @Test func templateWithStudentTypesTooLongToInline_offersThemFromTheInstructionsSheet() throws {
        let data = try Self.reading.get().longTypesTemplate.sheets[0]
        #expect(data.cells["F2"]?.list == SpreadsheetSamples.longStudentTypes.labels)
        #expect(data.cells["C2"]?.list == ["男", "女"])
    }

    @Test func errorReport_showsIDsPhonesAndLeadingZerosAsText_notNumbers() throws {
        let report = try Self.reading.get().report
        #expect(report.sheets.map(\.name) == [ErrorReport.sheetName])
        let sheet = report.sheets[0]
        #expect(sheet.csv == SpreadsheetSamples.errorReport.table)
        for reference in ["A2", "D2", "E2", "A3", "D3", "E3", "F3"] {
            #expect(sheet.cells[reference] == .init(text: true, type: "string", list: nil), "\(reference)")
        }
    }
}
