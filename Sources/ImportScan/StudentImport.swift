import Spreadsheet
import TrainingDomain

/// Reading a template sheet as its records stream by: the header by column names within the
/// first `headerSearchRows` records, then each row validated as it comes, duplicates within the
/// file, against the roster (`id.enrolled`) and against the other open classes of the
/// occupation and level (`id.enrolled_elsewhere`, for the IDs found there). Memory is bounded by the row limit (the IDs
/// seen, the errors, the invalid rows' cells), not by the file. Pure.
public struct StudentImport: Sendable {
    /// The template's required columns (序号 is optional and ignored).
    public static let requiredColumns: [StudentColumn] = [.name, .gender, .idNumber, .phone, .studentType]

    public let limits: ImportLimits
    public let validator: StudentRowValidator
    public let mode: ImportMode
    private var tracker: DuplicateTracker
    /// Column index of each required column, once the header is found.
    private var columns: [Int]?
    private var header: [String] = []
    private var recordsBeforeHeader = 0
    private var sawContent = false
    private var summary = ImportSummary()
    private var invalidRows: [ErrorReport.Row] = []
    /// The valid rows' students are handed over (``takeAccepted()``), not kept in the summary.
    private let handsOff: Bool
    /// Students found since the last ``takeAccepted()`` (with `handsOff`).
    private var pending: [StudentRecord] = []

    /// `enrolled`: the ID numbers on the class's roster; `elsewhere`: those found on the roster
    /// of another class of the same occupation and level that is not closed. `handsOff`: the
    /// valid rows' students are taken as they are found (``takeAccepted()``) instead of being
    /// kept in the summary's ``ImportSummary/valid``.
    public init(limits: ImportLimits, validator: StudentRowValidator, enrolled: Set<String>, elsewhere: Set<String> = [], mode: ImportMode,
                handsOff: Bool = false) {
        self.limits = limits
        self.validator = validator
        self.mode = mode
        self.handsOff = handsOff
        tracker = DuplicateTracker(enrolled: enrolled, elsewhere: elsewhere)
    }

    /// The students found since the last call, while they may still join the roster (in
    /// `all_or_nothing`, nothing after the first invalid row: the import will be refused; what
    /// was found and not taken by then is dropped). With `handsOff` only.
    public mutating func takeAccepted() -> [StudentRecord] {
        // The next batch is likely as large: room for it at once, not grown by doubling.
        defer {
            let count = pending.count
            pending = []
            pending.reserveCapacity(count)
        }
        guard mode == .acceptValid || summary.invalidRows == 0 else { return [] }
        return pending
    }

    /// Makes room for about `rows` rows' ID numbers (the duplicate check's table).
    public mutating func reserveCapacity(rows: Int) {
        tracker.reserveCapacity(min(rows, limits.maxRows))
        // Written pages only count: no copy of the whole list as it grows (a peak of both).
        summary.validEntries.reserveCapacity(min(rows, limits.maxRows))
        if !handsOff { summary.valid.reserveCapacity(min(rows, limits.maxRows)) }
    }

    /// The column of each required column (in ``requiredColumns`` order) once the header is found.
    public var headerColumns: [Int]? { columns }

    /// A data record's own checks (every rule but duplicates), given the header's columns: the
    /// part of ``consume(_:checked:)`` that needs no other row, so any thread may do it.
    public static func check(_ record: SheetRecord, columns: [Int], validator: StudentRowValidator) -> StudentRowCheck {
        let row = studentRow(record, columns: columns)
        // A plainly valid row (most of them) on its cells' bytes, as a CSV record's.
        return validator.plainCheck(row: row.row, name: row.name, gender: row.gender, idNumber: row.idNumber, phone: row.phone,
                                    studentType: row.studentType)
            ?? validator.check(row, makingStudent: false)
    }

    /// The record's cells in `columns` (the required columns' order), "" past its last field.
    private static func studentRow(_ record: SheetRecord, columns: [Int]) -> StudentRow {
        func cell(_ c: Int) -> String { columns[c] < record.fields.count ? record.fields[columns[c]] : "" }
        return StudentRow(row: record.row, name: cell(0), gender: cell(1), idNumber: cell(2), phone: cell(3), studentType: cell(4))
    }

    /// Takes the next record of the file: header search, then validation. Throws a refusal as
    /// soon as one is certain (`missing_columns`, `too_many_rows`). `checked` is the record's
    /// ``check(_:columns:validator:)`` if it was made already (with these columns).
    public mutating func consume(_ record: SheetRecord, checked: StudentRowCheck? = nil) throws(ImportRefusal) {
        guard let columns else { return try searchHeader(record) }
        try tally(checked ?? Self.check(record, columns: columns, validator: validator)) { record.fields }
    }

    /// ``consume(_:checked:)`` of a CSV record as the parser holds it: a plainly valid row
    /// (``StudentRowValidator/plainCheck(row:name:gender:idNumber:phone:studentType:)``, which
    /// takes only valid UTF-8) is checked on its bytes, making only its record's strings, its
    /// other fields' UTF-8 checked; any other row as strings, all of its UTF-8 checked first.
    /// Throws ``ImportRefusal`` or `file_unreadable` (``SheetReadError``).
    public mutating func consume(_ record: CSVRecord) throws {
        guard let columns else {
            try record.checkUTF8()
            return try searchHeader(record.record)
        }
        if let check = validator.plainCheck(row: record.row, name: record[columns[0]], gender: record[columns[1]],
                                            idNumber: record[columns[2]], phone: record[columns[3]], studentType: record[columns[4]]) {
            try record.checkUTF8(except: columns)
            return try tally(check) { record.record.fields }
        }
        // Not plainly valid: the rules as strings (not the plain check again, on the strings).
        try record.checkUTF8()
        let sheet = record.record
        try tally(validator.check(Self.studentRow(sheet, columns: columns), makingStudent: false)) { sheet.fields }
    }

    /// A data record's check counted: skipped when empty, else duplicates and the summary.
    /// `cells`: the record's fields, asked for an invalid row's line of the error report.
    private mutating func tally(_ check: consuming StudentRowCheck, cells: () -> [String]) throws(ImportRefusal) {
        if check.isEmpty {
            summary.skippedEmptyRows += 1
            return
        }
        // Only rows with content count: a sheet's formatted empty rows cost nothing.
        if summary.totalRows == limits.maxRows {
            throw ImportRefusal(code: "too_many_rows", message: "文件的数据超过上限\(limits.maxRows)行，请分成多个文件导入")
        }
        if let entry = check.record?.entry {
            if let error = tracker.record(key: entry, row: check.row) { check.addIDError(error) }
        } else if let id = check.idNumber, let error = tracker.record(key: id.key, row: check.row) {
            check.addIDError(error)
        }
        summary.totalRows += 1
        if check.isValid, let record = check.takeRecord() {
            summary.validRows += 1
            summary.validEntries.append(record.entry)
            if handsOff { pending.append(record) } else { summary.valid.append(record) }
        } else {
            summary.invalidRows += 1
            summary.errors += check.errors
            invalidRows.append(ErrorReport.Row(row: check.row, cells: cells(), errors: check.errors))
        }
    }

    /// The summary after the last record, with the mode applied; `file_unreadable` for a file
    /// without content, `missing_columns` when no header was found.
    public func finish() throws(ImportRefusal) -> ImportSummary {
        guard columns != nil else {
            if !sawContent { throw ImportRefusal(code: "file_unreadable", message: "文件是空的，请按模板填写学员信息后重新上传") }
            throw notFound
        }
        var summary = self.summary
        if summary.invalidRows > 0 {
            summary.errorReport = ErrorReport(header: header, rows: invalidRows)
            switch mode {
            case .allOrNothing:
                summary.outcome = "import_refused"
            case .acceptValid:
                summary.outcome = "partially_imported"
            }
        }
        summary.acceptedRows = summary.outcome == "import_refused" ? 0 : summary.validRows
        return summary
    }

    /// Every record of an in-memory sheet, then ``finish()``.
    public static func summarize(_ records: [SheetRecord], limits: ImportLimits = ImportLimits(), validator: StudentRowValidator,
                                 enrolled: Set<String> = [], elsewhere: Set<String> = [],
                                 mode: ImportMode = .allOrNothing) throws(ImportRefusal) -> ImportSummary {
        var scan = StudentImport(limits: limits, validator: validator, enrolled: enrolled, elsewhere: elsewhere, mode: mode)
        for record in records { try scan.consume(record) }
        return try scan.finish()
    }

    private var notFound: ImportRefusal {
        ImportRefusal(code: "missing_columns",
                      message: "未找到表头：文件前\(limits.headerSearchRows)行中没有“\(Self.requiredColumns.map(\.rawValue).joined(separator: "、"))”列")
    }

    /// The header is the first record naming any template column; all of the required ones
    /// must then be there.
    private mutating func searchHeader(_ record: SheetRecord) throws(ImportRefusal) {
        let hasContent = record.fields.contains { !Normalizer.trim($0).isEmpty }
        if recordsBeforeHeader >= limits.headerSearchRows {
            // Past the search window: only whether the file is empty is still open.
            if hasContent { throw notFound }
            return
        }
        recordsBeforeHeader += 1
        guard hasContent else { return }
        sawContent = true
        var found: [StudentColumn: Int] = [:]
        for (j, text) in record.fields.enumerated() {
            if let column = StudentColumn(rawValue: Normalizer.normalize(text)), found[column] == nil { found[column] = j }
        }
        if found.isEmpty {
            if recordsBeforeHeader >= limits.headerSearchRows { throw notFound }
            return
        }
        let missing = Self.requiredColumns.filter { found[$0] == nil }
        guard missing.isEmpty else {
            throw ImportRefusal(code: "missing_columns", message: "第\(record.row)行表头缺少列：\(missing.map(\.rawValue).joined(separator: "、"))")
        }
        columns = Self.requiredColumns.map { found[$0]! }
        header = record.fields
    }
}
