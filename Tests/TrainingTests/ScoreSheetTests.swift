import ImportScan
import Spreadsheet
import Testing
import Training
import TrainingDomain

/// `ScoreSheet`: a scores file's rows against the roster, without Redis.
@Suite struct ScoreSheetTests {
    static let a = TrainingFixtures.id(1), b = TrainingFixtures.id(2), c = TrainingFixtures.id(3), stranger = TrainingFixtures.id(9)

    func scan(_ rows: [[String]], roster: [String: String] = [a: "张三", b: "李四", c: "钱七"], mode: ImportMode = .acceptValid,
              limits: ImportLimits = ImportLimits(maxRows: 10_000)) throws(ImportRefusal) -> ScoreSheetSummary {
        var sheet = ScoreSheet(roster: roster, limits: limits, mode: mode)
        for (i, fields) in rows.enumerated() { try sheet.consume(SheetRecord(row: i + 1, fields: fields)) }
        return try sheet.finish()
    }

    static let header = ["序号", "姓名", "身份证号", "理论成绩", "实操成绩"]

    @Test func everyRowCode_onItsRowAndColumn_andTheValidRowsRecorded() throws {
        let summary = try scan([Self.header,
                                ["1", "张三", Self.a, "85.5", "90"],
                                ["2", "李四", Self.b.lowercased(), "１００", "59.99"],
                                ["3", "王五", "", "60", "60"],
                                ["4", "赵六", Self.stranger, "60", "60"],
                                ["5", "张三", Self.a, "70", "70"],
                                ["", "", "", "", ""],
                                ["6", "钱七", Self.c, "九十", "100.001"],
                                ["7", "孙八", Self.c, "", "101"]])
        #expect(summary.outcome == "partially_imported" && summary.totalRows == 7 && summary.skippedEmptyRows == 1)
        #expect(summary.validRows == 2 && summary.invalidRows == 5 && summary.acceptedRows == 2)
        #expect(summary.entries.map(\.idNumber) == [Self.a, Self.b] && summary.entries.map(\.passed) == [true, false])
        #expect(summary.errors.map { "\($0.row) \($0.column.rawValue) \($0.code)" } == [
            "4 身份证号 id.missing", "5 身份证号 id.not_enrolled", "6 身份证号 id.duplicate",
            "8 理论成绩 score.format", "8 实操成绩 score.format", "9 身份证号 id.duplicate", "9 理论成绩 score.missing", "9 实操成绩 score.range"])
        let report = summary.errorReport
        #expect(report.first == Self.header + ["错误原因"] && report.count == 6)
        #expect(report[1].prefix(5) == ["3", "王五", "", "60", "60"][...] && report.last?.last?.contains("实操成绩：成绩应在0至100之间") == true)
        #expect(summary.errors.allSatisfy { !$0.message.contains(Self.a) })
    }

    @Test func allOrNothing_withAnInvalidRow_recordsNoScore() throws {
        let summary = try scan([Self.header, ["1", "张三", Self.a, "85", "90"], ["2", "李四", Self.b, "85", "abc"]], mode: .allOrNothing)
        #expect(summary.outcome == "import_refused" && summary.entries.isEmpty && summary.validRows == 1 && summary.invalidRows == 1)
        #expect(try scan([Self.header, ["1", "张三", Self.a, "85", "90"]], mode: .allOrNothing).outcome == "imported")
    }

    @Test func namesAreCheckedAgainstTheRoster() throws {
        let summary = try scan([Self.header, ["1", "张三", Self.a, "85", "90"], ["2", "张三", Self.b, "85", "90"], ["3", "随便", Self.c, "85", "90"]],
                               roster: [Self.a: "张三", Self.b: "李四", Self.c: "王五"])
        #expect(summary.errors.map(\.code) == ["name.mismatch", "name.mismatch"] && summary.errors.map(\.row) == [3, 4])
        #expect(summary.errors.allSatisfy { $0.column == .name })
        #expect(summary.entries.map(\.idNumber) == [Self.a])
    }

    @Test func headerOnRow3_missingColumns_noHeader_andTooManyRows_areRefused() throws {
        #expect(try scan([["成绩表"], [], Self.header, ["1", "张三", Self.a, "85", "90"]]).acceptedRows == 1)
        #expect(throws: ImportRefusal.self) { try scan([["姓名", "身份证号", "理论成绩"], ["张三", Self.a, "85"]]) }
        do { _ = try scan([["姓名", "身份证号", "理论成绩"]]) } catch { #expect(error.code == "missing_columns" && error.message.contains("实操成绩")) }
        do { _ = try scan(Array(repeating: ["x"], count: 25)) } catch { #expect(error.code == "missing_columns") }
        do {
            _ = try scan([Self.header] + Array(repeating: ["1", "张三", Self.a, "85", "90"], count: 4), limits: ImportLimits(maxRows: 3))
            Issue.record("no refusal")
        } catch { #expect(error.code == "too_many_rows") }
        #expect(try scan([["姓名", "身份证号", "理论成绩", "实操成绩"], ["张三", Self.a, "85", "90"]]).acceptedRows == 1, "序号 may be absent")
    }
}
