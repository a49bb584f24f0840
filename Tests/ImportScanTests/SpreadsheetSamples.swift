import Foundation
import ImportScan
import TrainingDomain

/// The files the spreadsheet-program tests open: the template, a template whose student types
/// are too long for an inline drop-down list, and an error report, written to a directory of
/// their own.
struct SpreadsheetSamples {
    let directory: URL

    /// Student types whose inline list would pass Excel's 255 characters.
    static let longStudentTypes = StudentTypeCatalog(labels: (1...20).map { "很长的学员类型名称第\($0)类人员" })

    /// An error report with what a spreadsheet program could turn into numbers or formulas: an
    /// 18-digit ID, a phone and a 序号 with leading zeros, an ID Excel already lost, a formula.
    static let errorReport = ErrorReport(header: StudentTemplate.header, rows: [
        ErrorReport.Row(row: 2, cells: ["1", "张三", "女", "430102199001011238", "13800138000", "其他"], errors: [RowError(row: 2, code: .genderMismatch)]),
        ErrorReport.Row(row: 3, cells: ["007", "李四", "男", "4.30102E+17", "013800138000", "=1+1"],
                        errors: [RowError(row: 3, code: .idLength), RowError(row: 3, code: .phoneFormat), RowError(row: 3, code: .typeUnknown)]),
    ])

    var template: String { directory.appendingPathComponent("template.xlsx").path }
    var longTypesTemplate: String { directory.appendingPathComponent("template-long-types.xlsx").path }
    var report: String { directory.appendingPathComponent("error-report.xlsx").path }

    /// Writes the three files into a new temporary directory.
    static func write() throws -> SpreadsheetSamples {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-samples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let samples = SpreadsheetSamples(directory: directory)
        try Data(StudentTemplate.xlsx()).write(to: URL(fileURLWithPath: samples.template))
        try Data(StudentTemplate.xlsx(studentTypes: longStudentTypes)).write(to: URL(fileURLWithPath: samples.longTypesTemplate))
        try Data(errorReport.xlsxBytes).write(to: URL(fileURLWithPath: samples.report))
        return samples
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
