import ImportScan
import Spreadsheet
import Testing
import TrainingDomain

/// Valid ID numbers for the tests: region 430102, born 1990-01-01, sequence `n` (odd = male).
enum IDs {
    static func make(_ n: Int, born: String = "19900101") -> String {
        let first17 = "430102" + born + String(String(n + 1000).suffix(3))
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }
    static func male(_ i: Int) -> String { make(2 * i + 1) }
}

/// CSV reading, header finding and row summaries, without Redis.
@Suite struct StudentImportTests {
    static let validator = StudentRowValidator(referenceDate: LocalDate(year: 2026, month: 11, day: 29))

    @Test func csv_bomQuotesCRLFAndRowNumbers() throws {
        let text = "\u{FEFF}序号,姓名,性别\r\n1,\"王\"\"五\",男\r\n2,\"李\n四\",女\n\n3,赵六"
        let records = try CSVReader.records(Array(text.utf8))
        #expect(records.map(\.row) == [1, 2, 3, 5, 6])
        #expect(records[0].fields == ["序号", "姓名", "性别"])
        #expect(records[1].fields == ["1", "王\"五", "男"])
        #expect(records[2].fields == ["2", "李\n四", "女"])
        #expect(records[4].fields == ["3", "赵六"])
        #expect(throws: SheetReadError.unreadable("第2行的引号没有闭合，请检查该行的双引号")) { try CSVReader.records(Array("a\n\"b,c\n".utf8)) }
    }

    static func summary(_ text: String, limits: ImportLimits = ImportLimits(), enrolled: Set<String> = [],
                        mode: ImportMode = .allOrNothing) throws -> ImportSummary {
        try StudentImport.summarize(CSVReader.records(Array(text.utf8)), limits: limits, validator: validator, enrolled: enrolled, mode: mode)
    }

    static func refusal(_ text: String, limits: ImportLimits = ImportLimits()) -> ImportRefusal? {
        do {
            _ = try summary(text, limits: limits)
            return nil
        } catch let refusal as ImportRefusal {
            return refusal
        } catch {
            return nil
        }
    }

    @Test func header_byNamesAnywhereInTheFirstRows_missingColumns() throws {
        let found = try Self.summary("学员名单,,,,,\n\n学员类型,手机号,身份证号,性别,姓名\n其他,13800138000,\(IDs.male(1)),男,张三\n")
        #expect(found.totalRows == 1 && found.validRows == 1 && found.acceptedIDs == [IDs.male(1)])
        let misplaced = try Self.summary("学员类型,手机号,身份证号,性别,姓名\n其他,13800138000,\(IDs.male(1)),女,张三\n")
        #expect(misplaced.errors.map { "\($0.row) \($0.code.rawValue)" } == ["2 gender.mismatch"])
        #expect(Self.refusal("姓名,性别,身份证号,手机号\n张三,男,1,2\n")?.code == "missing_columns")
        #expect(Self.refusal("姓名,性别,身份证号\n")?.message.contains("手机号、学员类型") == true)
        #expect(Self.refusal("a,b\nc,d\n")?.code == "missing_columns")
        #expect(Self.refusal(" , \n\n")?.code == "file_unreadable")
        let header = "姓名,性别,身份证号,手机号,学员类型\n"
        #expect(try Self.summary(header + "a,b,c,d,e\nf,g,h,i,j\n", limits: ImportLimits(maxRows: 2)).totalRows == 2)
        #expect(Self.refusal(header + "a,b,c,d,e\nf,g,h,i,j\nk,l,m,n,o\n", limits: ImportLimits(maxRows: 2))?.code == "too_many_rows")
    }

    @Test func summarize_modesDuplicatesEnrolledEmpty() throws {
        let text = """
        姓名,性别,身份证号,手机号,学员类型
        张三,男,\(IDs.male(1)),13800138000,其他
        李四,男,\(IDs.male(2)),+8613800138001,退役军人
        ,,,,
        王五,男,\(IDs.male(1)),13800138002,其他
        赵六,女,\(IDs.male(3)),13800138003,其他
        钱七,男,\(IDs.male(4)),13800138004,其他

        """
        let strict = try Self.summary(text, enrolled: [IDs.male(4)])
        #expect(strict.outcome == "import_refused" && strict.acceptedRows == 0 && strict.acceptedIDs.isEmpty)
        #expect(strict.totalRows == 5 && strict.validRows == 2 && strict.invalidRows == 3 && strict.skippedEmptyRows == 1)
        #expect(strict.errors.map { "\($0.row) \($0.column.rawValue) \($0.code.rawValue)" }
                == ["5 身份证号 id.duplicate", "6 性别 gender.mismatch", "7 身份证号 id.enrolled"])
        let lenient = try Self.summary(text, enrolled: [IDs.male(4)], mode: .acceptValid)
        #expect(lenient.outcome == "partially_imported" && lenient.acceptedIDs == [IDs.male(1), IDs.male(2)] && lenient.acceptedRows == 2)
        let clean = try Self.summary(text.split(separator: "\n").prefix(3).joined(separator: "\n"))
        #expect(clean.outcome == "imported" && clean.acceptedRows == 2 && clean.errors.isEmpty && clean.errorReport == nil)
    }
}

/// The cross-class rule in the scan: IDs found on another class of the occupation and level.
@Suite struct EnrolledElsewhereScanTests {
    @Test func elsewhereIDs_getTheirCodeOnEveryRow_afterTheOwnRoster_andKeepTheRecords() throws {
        let text = "姓名,性别,身份证号,手机号,学员类型\n张三,男,\(IDs.male(1)),+86 13800138000,其他\n李四,男,\(IDs.male(2)),13800138001,其他\n"
            + "李四,男,\(IDs.male(2)),13800138001,其他\n王五,男,\(IDs.male(3)),13800138002,其他\n"
        let summary = try StudentImport.summarize(CSVReader.records(Array(text.utf8)), validator: StudentImportTests.validator,
                                                  enrolled: [IDs.male(3)], elsewhere: [IDs.male(2), IDs.male(3)], mode: .acceptValid)
        // Row 3 and its repeat on row 4 are elsewhere (not a duplicate); row 5 is on this roster first.
        #expect(summary.errors.map { "\($0.row) \($0.code.rawValue)" } == ["3 id.enrolled_elsewhere", "4 id.enrolled_elsewhere", "5 id.enrolled"])
        #expect(summary.accepted == [StudentRecord(idNumber: IDs.male(1), name: "张三", gender: .male, phone: "13800138000", studentType: "其他")])
        #expect(summary.outcome == "partially_imported" && summary.acceptedRows == 1)
    }

    @Test func refusedImport_keepsItsValidRows_forTheCheck_butAcceptsNone() throws {
        let text = "姓名,性别,身份证号,手机号,学员类型\n张三,男,\(IDs.male(1)),13800138000,其他\n,男,\(IDs.male(2)),13800138001,其他\n"
        let summary = try StudentImport.summarize(CSVReader.records(Array(text.utf8)), validator: StudentImportTests.validator)
        #expect(summary.outcome == "import_refused" && summary.valid.map(\.idNumber) == [IDs.male(1)] && summary.accepted.isEmpty)
    }
}
