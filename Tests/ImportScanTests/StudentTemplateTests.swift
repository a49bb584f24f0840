import ImportScan
import Spreadsheet
import Testing
import TrainingDomain

/// The import template (`vtctl template students`): nothing in it can be imported by accident,
/// and it offers drop-downs for 性别 and 学员类型.
@Suite struct StudentTemplateTests {
    static func xlsxRecords(_ bytes: [UInt8]) throws -> [SheetRecord] {
        var records: [SheetRecord] = []
        try XlsxReader.forEachRecord(in: InMemoryFile(bytes)) { records.append($0) }
        return records
    }

    static func summary(_ records: [SheetRecord]) throws -> ImportSummary {
        try StudentImport.summarize(records, validator: StudentImportTests.validator, enrolled: [], mode: .acceptValid)
    }

    @Test func untouchedXlsxTemplate_importsNobody_itsFirstSheetHoldsTheHeaderAlone() throws {
        let records = try Self.xlsxRecords(StudentTemplate.xlsx())
        #expect(records == [SheetRecord(row: 1, fields: StudentTemplate.header)])
        let summary = try Self.summary(records)
        #expect(summary.totalRows == 0 && summary.acceptedIDs.isEmpty)
    }

    @Test func untouchedCSVTemplate_isTheHeaderAlone_andImportsNobody() throws {
        let bytes = StudentTemplate.csv()
        #expect(bytes == [0xEF, 0xBB, 0xBF] + Array("序号,姓名,性别,身份证号,手机号,学员类型\r\n".utf8))
        let summary = try Self.summary(try CSVReader.records(bytes))
        #expect(summary.totalRows == 0 && summary.acceptedIDs.isEmpty)
    }

    @Test(arguments: [SheetFormat.csv, .xlsx])
    func example_copiedIntoTheDataSheet_isRefusedForItsImpossibleBirthDate_only(format: SheetFormat) throws {
        let rows = [StudentTemplate.header, StudentTemplate.example]
        var writer = XlsxWriter()
        writer.addSheet(name: StudentTemplate.sheetName, rows: rows)
        let bytes = format == .csv ? CSVWriter.bytes(rows) : writer.finish()
        let summary = try StudentImport.scan(format, in: InMemoryFile(bytes), limits: ImportLimits(), validator: StudentImportTests.validator,
                                             enrolled: [], mode: .acceptValid)
        #expect(summary.errors.map(\.code) == [.idBirthdate])
        #expect(summary.invalidRows == 1 && summary.acceptedIDs.isEmpty)
        #expect(StudentTemplate.example[3] == StudentTemplate.exampleIDNumber)
        #expect(ResidentIDNumber.checkCharacter(forFirst17: String(StudentTemplate.exampleIDNumber.prefix(17)))
            == StudentTemplate.exampleIDNumber.last)
    }

    @Test func instructionsSheet_showsEachColumnWithItsExample() {
        let rows = StudentTemplate.instructions()
        #expect(rows[0] == ["列名", "是否必填", "示例", "填写说明"])
        #expect(rows[1...6].map { $0[0] } == StudentTemplate.header)
        #expect(rows[1...6].map { $0[2] } == StudentTemplate.example)
        #expect(rows.contains { $0.joined().contains("示例") && $0.joined().contains("不存在") })
    }

    @Test func instructionsSheet_readAsIfItWereTheDataSheet_isRefusedAsMissingColumns() throws {
        let records = StudentTemplate.instructions().enumerated().map { SheetRecord(row: $0.offset + 1, fields: $0.element) }
        let refusal = #expect(throws: ImportRefusal.self) { try Self.summary(records) }
        #expect(refusal?.code == "missing_columns")
    }

    @Test func dropDowns_offerTheTwoGendersAndEveryStudentType_onTenThousandRows() {
        let labels = StudentTypeCatalog.embedded.labels
        #expect(labels.count == 10)
        #expect(StudentTemplate.validations() == [
            ListValidation(column: 2, rows: 2...10_001, source: .values(["男", "女"]), title: "性别", message: "请从下拉列表中选择“男”或“女”"),
            ListValidation(column: 5, rows: 2...10_001, source: .values(labels), title: "学员类型", message: "请从下拉列表中选择学员类型"),
        ])
    }

    @Test func studentTypesTooLongForAnInlineList_comeFromTheirRowsOnTheInstructionsSheet() throws {
        let catalog = StudentTypeCatalog(labels: (1...20).map { "很长的学员类型名称第\($0)类人员" })
        #expect(!ListValidation.fitsInline(catalog.labels))
        let types = try #require(StudentTemplate.validations(studentTypes: catalog).last)
        guard case .cells(let sheet, let column, let rows) = types.source else {
            Issue.record("inline list: \(types.source)")
            return
        }
        #expect(sheet == StudentTemplate.instructionsSheetName && column == 0)
        let instructions = StudentTemplate.instructions(studentTypes: catalog)
        #expect(rows.map { instructions[$0 - 1][0] } == catalog.labels)
    }
}
