import Spreadsheet
import TrainingDomain

/// The limits of an import (the contract's defaults: 20 MiB, 100,000 rows).
public struct ImportLimits: Sendable, Equatable {
    public var maxBytes: Int
    public var maxRows: Int
    /// Rows searched for the header.
    public var headerSearchRows: Int

    public init(maxBytes: Int = 20 * 1024 * 1024, maxRows: Int = 100_000, headerSearchRows: Int = 20) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
        self.headerSearchRows = headerSearchRows
    }
}

/// A file refused before any row was read: `file_unreadable`, `file_too_large`,
/// `too_many_rows`, `missing_columns`.
public struct ImportRefusal: Error, Sendable, Equatable {
    public let code: String
    public let message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// What the rows of one file came to.
public struct ImportSummary: Sendable, Equatable {
    /// `imported`, `partially_imported`, `import_refused`.
    public var outcome: String
    /// Non-empty data rows (valid + invalid).
    public var totalRows: Int
    public var validRows: Int
    public var invalidRows: Int
    /// Rows whose student joins the roster (0 when refused).
    public var acceptedRows: Int
    public var skippedEmptyRows: Int
    /// Every row error, in row order.
    public var errors: [RowError]
    /// The ID numbers joining the roster, in row order.
    public var acceptedIDs: [String]
}

/// Reading a template sheet: the header by column names, then each row validated, duplicates
/// within the file and against the roster (`id.enrolled`). Pure.
public enum StudentImport {
    /// The template's required columns (序号 is optional and ignored).
    public static let requiredColumns: [StudentColumn] = [.name, .gender, .idNumber, .phone, .studentType]

    /// Finds the header (the first of the first `limits.headerSearchRows` records naming any
    /// template column) and returns the column index of each required column.
    public static func header(_ records: [CSVReader.Record], limits: ImportLimits) throws(ImportRefusal) -> (index: Int, columns: [StudentColumn: Int]) {
        for (i, record) in records.prefix(limits.headerSearchRows).enumerated() {
            var columns: [StudentColumn: Int] = [:]
            for (j, cell) in record.fields.enumerated() {
                if let column = StudentColumn(rawValue: Normalizer.normalize(cell)), columns[column] == nil { columns[column] = j }
            }
            guard !columns.isEmpty else { continue }
            let missing = requiredColumns.filter { columns[$0] == nil }
            guard missing.isEmpty else {
                throw ImportRefusal(code: "missing_columns", message: "第\(record.row)行表头缺少列：\(missing.map(\.rawValue).joined(separator: "、"))")
            }
            return (i, columns)
        }
        throw ImportRefusal(code: "missing_columns",
                            message: "未找到表头：文件前\(limits.headerSearchRows)行中没有“\(requiredColumns.map(\.rawValue).joined(separator: "、"))”列")
    }

    /// The student rows after the header, or `too_many_rows`.
    public static func rows(_ records: [CSVReader.Record], limits: ImportLimits) throws(ImportRefusal) -> [StudentRow] {
        if records.allSatisfy({ $0.fields.allSatisfy { Normalizer.trim($0).isEmpty } }) {
            throw ImportRefusal(code: "file_unreadable", message: "文件是空的")
        }
        let (index, columns) = try header(records, limits: limits)
        let data = records.dropFirst(index + 1)
        if data.count > limits.maxRows {
            throw ImportRefusal(code: "too_many_rows", message: "文件有\(data.count)行数据，超过上限\(limits.maxRows)行")
        }
        func cell(_ r: CSVReader.Record, _ c: StudentColumn) -> String {
            let j = columns[c]!
            return j < r.fields.count ? r.fields[j] : ""
        }
        return data.map { r in
            StudentRow(row: r.row, name: cell(r, .name), gender: cell(r, .gender), idNumber: cell(r, .idNumber),
                       phone: cell(r, .phone), studentType: cell(r, .studentType))
        }
    }

    /// Validates the rows against the roster and applies the mode.
    public static func summarize(_ rows: [StudentRow], validator: StudentRowValidator, enrolled: Set<String>, mode: ImportMode) -> ImportSummary {
        let checks = validator.checkAll(rows, enrolled: enrolled)
        var summary = ImportSummary(outcome: "imported", totalRows: 0, validRows: 0, invalidRows: 0, acceptedRows: 0, skippedEmptyRows: 0,
                                    errors: [], acceptedIDs: [])
        for check in checks {
            if check.isEmpty {
                summary.skippedEmptyRows += 1
                continue
            }
            summary.totalRows += 1
            if check.isValid, let id = check.idNumber {
                summary.validRows += 1
                summary.acceptedIDs.append(id.value)
            } else {
                summary.invalidRows += 1
                summary.errors += check.errors
            }
        }
        if summary.invalidRows > 0 {
            switch mode {
            case .allOrNothing:
                summary.outcome = "import_refused"
                summary.acceptedIDs = []
            case .acceptValid:
                summary.outcome = "partially_imported"
            }
        }
        summary.acceptedRows = summary.acceptedIDs.count
        return summary
    }
}
