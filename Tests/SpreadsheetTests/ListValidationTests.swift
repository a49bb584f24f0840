import Testing
@testable import Spreadsheet

/// Drop-down lists (`ListValidation`) written as Excel data validations of type "list".
@Suite struct ListValidationTests {
    @Test func listValidations_areWrittenAfterTheSheetData_withTheirRangeAndList() throws {
        var writer = XlsxWriter()
        let gender = ListValidation(column: 2, rows: 2...10_001, source: .values(["男", "女"]), title: "性别", message: "请从下拉列表中选择")
        let types = ListValidation(column: 5, rows: 2...10_001, source: .cells(sheet: "说明", column: 0, rows: 3...12),
                                   title: "学员类型", message: "A&B <x>")
        writer.addSheet(name: "学员", rows: [["a"]], validations: [gender, types])
        let xml = try entryText(writer.finish(), "xl/worksheets/sheet1.xml")
        let expected: [String] = [
            "</sheetData>", #"<dataValidations count="2">"#,
            #"<dataValidation type="list" errorStyle="stop" allowBlank="1" showErrorMessage="1" errorTitle="性别" error="请从下拉列表中选择" sqref="C2:C10001">"#,
            "<formula1>&quot;男,女&quot;</formula1></dataValidation>",
            #"<dataValidation type="list" errorStyle="stop" allowBlank="1" showErrorMessage="1" errorTitle="学员类型" error="A&amp;B &lt;x&gt;" sqref="F2:F10001">"#,
            "<formula1>'说明'!$A$3:$A$12</formula1></dataValidation></dataValidations></worksheet>",
        ]
        #expect(xml.hasSuffix(expected.joined()))
    }

    @Test func aSheetWithoutValidations_hasNoDataValidationsElement() throws {
        var writer = XlsxWriter()
        writer.addSheet(name: "学员", rows: [["a"]])
        #expect(try entryText(writer.finish(), "xl/worksheets/sheet1.xml").hasSuffix("</sheetData></worksheet>"))
    }

    @Test func inlineList_onlyWithinExcels255Characters_andWithoutCommasOrQuotes() {
        #expect(ListValidation.fitsInline(["男", "女"]))
        #expect(ListValidation.fitsInline([String(repeating: "长", count: 253), "短"]))
        #expect(!ListValidation.fitsInline([String(repeating: "长", count: 254), "短"]))
        #expect(!ListValidation.fitsInline(["a,b"]))
        #expect(!ListValidation.fitsInline(["a\"b"]))
        #expect(!ListValidation.fitsInline([]))
    }

    @Test func rangeSource_doublesQuotesInTheSheetName() {
        let source = ListValidation.Source.cells(sheet: "O'Neil", column: 27, rows: 1...2)
        #expect(source.formula == "'O''Neil'!$AB$1:$AB$2")
    }
}
