import ImportScan
import Spreadsheet
import TrainingDomain

/// The scores template's columns (成绩导入模板): 序号 (optional), 姓名, 身份证号, 理论成绩, 实操成绩.
public enum ScoreColumn: String, Sendable, CaseIterable {
    case number = "序号"
    case name = "姓名"
    case idNumber = "身份证号"
    case theory = "理论成绩"
    case practical = "实操成绩"

    /// The columns a file must have (序号 may be absent).
    public static let required: [ScoreColumn] = [.name, .idNumber, .theory, .practical]
}

/// One error of a scores file's row: `{"row", "column", "code", "message"}` in the import's error
/// list. Codes: `id.missing`, `id.not_enrolled`, `name.mismatch`, `id.duplicate`, `score.missing`,
/// `score.format`, `score.range`.
public struct ScoreRowError: Sendable, Equatable {
    public let row: Int
    public let column: ScoreColumn
    public let code: String
    public let message: String

    /// The error list's JSON entry.
    public var json: String {
        #"{"row":\#(row),"column":"\#(column.rawValue)","code":"\#(code)","message":"\#(message)"}"#
    }
}

/// A scores file read against a class's roster, pure: the header is the first of the first
/// `headerSearchRows` records naming a template column (all of ``ScoreColumn/required`` or
/// `missing_columns`); each data row is checked, empty rows skipped, more than `maxRows` rows with
/// content `too_many_rows`. A row may carry several errors; the first row of a duplicated ID number
/// stays valid. In `all_or_nothing` an invalid row leaves every score unrecorded (`import_refused`),
/// in `accept_valid` the valid rows are recorded (`partially_imported`).
public struct ScoreSheet: Sendable {
    /// ID number → the name on the roster.
    public let roster: [String: String]
    public let limits: ImportLimits
    public let mode: ImportMode

    public private(set) var header: [String] = []
    private var columns: [ScoreColumn: Int]?
    private var recordsBeforeHeader = 0
    private var seen: Set<String> = []
    public private(set) var summary = ScoreSheetSummary()

    public init(roster: [String: String], limits: ImportLimits, mode: ImportMode) {
        self.roster = roster
        self.limits = limits
        self.mode = mode
    }

    /// Takes the next record of the file. Throws `missing_columns` or `too_many_rows`.
    public mutating func consume(_ record: SheetRecord) throws(ImportRefusal) {
        guard let columns else {
            try findHeader(record)
            return
        }
        let cells = record.fields.map { Normalizer.trim($0) }
        guard cells.contains(where: { !$0.isEmpty }) else {
            summary.skippedEmptyRows += 1
            return
        }
        summary.totalRows += 1
        guard summary.totalRows <= limits.maxRows else {
            throw ImportRefusal(code: "too_many_rows", message: "文件有\(limits.maxRows)行以上的成绩，超过上限，请分成多个文件导入")
        }
        func cell(_ c: ScoreColumn) -> String { columns[c].flatMap { $0 < cells.count ? cells[$0] : nil } ?? "" }
        var errors: [ScoreRowError] = []
        func fail(_ column: ScoreColumn, _ code: String, _ message: String) {
            errors.append(ScoreRowError(row: record.row, column: column, code: code, message: message))
        }
        let id = ResidentIDNumber.normalize(cell(.idNumber))
        var known: String?
        if id.isEmpty {
            fail(.idNumber, "id.missing", "身份证号不能为空")
        } else if let entry = roster[id] {
            known = entry
            if !seen.insert(id).inserted {
                fail(.idNumber, "id.duplicate", "身份证号在本文件中重复出现，同一学员只能录入一次成绩")
                known = nil
            }
        } else {
            fail(.idNumber, "id.not_enrolled", "该学员不在本班级名单中，请核对身份证号")
        }
        if let rosterName = known, !Normalizer.sameBytes(Normalizer.normalize(cell(.name)), rosterName) {
            fail(.name, "name.mismatch", "姓名与班级名单中的姓名不一致，请核对")
        }
        var scores: [Score] = []
        for column in [ScoreColumn.theory, .practical] {
            switch Score.parse(cell(column)) {
            case .success(let score): scores.append(score)
            case .failure(let problem): fail(column, problem.rawValue, "\(column.rawValue)：\(problem.message)")
            }
        }
        if errors.isEmpty {
            summary.validRows += 1
            summary.entries.append(ScoreEntry(idNumber: id, theory: scores[0], practical: scores[1]))
        } else {
            summary.invalidRows += 1
            summary.errors += errors
            summary.invalid.append((record.row, record.fields, errors))
        }
    }

    /// The summary once every record was consumed: `missing_columns` when no header was found.
    public func finish() throws(ImportRefusal) -> ScoreSheetSummary {
        guard columns != nil else { throw Self.headerNotFound(limits) }
        var done = summary
        if done.invalidRows > 0 && mode == .allOrNothing {
            done.outcome = "import_refused"
            done.entries = []
        } else if done.invalidRows > 0 {
            done.outcome = "partially_imported"
        }
        done.header = header
        return done
    }

    static func headerNotFound(_ limits: ImportLimits) -> ImportRefusal {
        ImportRefusal(code: "missing_columns",
                      message: "未找到表头：文件前\(limits.headerSearchRows)行中没有“\(ScoreColumn.required.map(\.rawValue).joined(separator: "、"))”列")
    }

    private mutating func findHeader(_ record: SheetRecord) throws(ImportRefusal) {
        let names = record.fields.map { Normalizer.normalize($0) }
        var found: [ScoreColumn: Int] = [:]
        for (i, name) in names.enumerated() {
            if let column = ScoreColumn(rawValue: name), found[column] == nil { found[column] = i }
        }
        guard !found.isEmpty else {
            recordsBeforeHeader += 1
            if recordsBeforeHeader >= limits.headerSearchRows { throw Self.headerNotFound(limits) }
            return
        }
        let missing = ScoreColumn.required.filter { found[$0] == nil }
        guard missing.isEmpty else {
            throw ImportRefusal(code: "missing_columns", message: "缺少列：\(missing.map(\.rawValue).joined(separator: "、"))，请使用成绩导入模板")
        }
        columns = found
        header = record.fields
    }
}

/// What a scores file came to.
public struct ScoreSheetSummary: Sendable {
    /// `imported`, `partially_imported`, `import_refused`.
    public var outcome = "imported"
    public var totalRows = 0
    public var validRows = 0
    public var invalidRows = 0
    public var skippedEmptyRows = 0
    /// The scores to record, in row order (none when refused).
    public var entries: [ScoreEntry] = []
    public var errors: [ScoreRowError] = []
    /// The file's header row.
    public var header: [String] = []
    /// The invalid rows as the file had them, with their errors.
    public var invalid: [(row: Int, cells: [String], errors: [ScoreRowError])] = []

    public var acceptedRows: Int { entries.count }

    /// The error report's table: the header plus 错误原因, then each invalid row's cells (padded
    /// to the header's width) plus `列名：说明；…`.
    public var errorReport: [[String]] {
        let width = header.count
        return [header + ["错误原因"]] + invalid.map { row in
            let cells = row.cells.count >= width ? Array(row.cells.prefix(width)) : row.cells + Array(repeating: "", count: width - row.cells.count)
            return cells + [row.errors.map { "\($0.column.rawValue)：\($0.message)" }.joined(separator: "；")]
        }
    }

    public var errorReportCSV: [UInt8] { CSVWriter.bytes(errorReport) }

    public var errorReportXlsx: [UInt8] {
        var writer = XlsxWriter(inlineStrings: true, fast: true)
        writer.addSheet(name: "错误报告", columnWidths: header.map { _ in 16 } + [60], rows: errorReport)
        return writer.finish()
    }
}
