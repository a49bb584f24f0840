import ImportScan
import Testing
import TrainingDomain

/// The downloadable error report as CSV: header + 错误原因, the invalid rows' own cells, reasons
/// joined with `；`, RFC 4180 quoting, formula cells defused, a BOM for Excel.
@Suite struct ErrorReportTests {
    @Test func csv_headerReasonsQuotingFormulas() {
        let report = ErrorReport(header: ["序号", "姓名", "身份证号"], rows: [
            ErrorReport.Row(row: 3, cells: ["1", "=HYPERLINK(\"x\")", "4301"], errors: [RowError(row: 3, code: .idLength), RowError(row: 3, code: .nameInvalid)]),
            ErrorReport.Row(row: 5, cells: ["2", "李,四"], errors: [RowError(row: 5, code: .idMissing)]),
            ErrorReport.Row(row: 6, cells: ["3", "-1", "@a", "extra"], errors: [RowError(row: 6, code: .idMissing)]),
        ])
        #expect(report.rows[0].reasons == "身份证号：\(RowErrorCode.idLength.message)；姓名：\(RowErrorCode.nameInvalid.message)")
        let bytes = report.csvBytes
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.count == 5 && lines[4].isEmpty)
        #expect(lines[0] == "序号,姓名,身份证号,错误原因")
        #expect(lines[1] == "1,\"'=HYPERLINK(\"\"x\"\")\",4301,\(report.rows[0].reasons)")
        #expect(lines[2] == "2,\"李,四\",,身份证号：\(RowErrorCode.idMissing.message)")
        #expect(lines[3] == "3,'-1,'@a,身份证号：\(RowErrorCode.idMissing.message)")
        #expect(report.table.allSatisfy { $0.count == 4 })
    }
}
