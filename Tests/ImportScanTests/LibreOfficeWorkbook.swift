/// What LibreOffice Calc read from one workbook (`Fixtures/read_with_libreoffice.py`).
struct LibreOfficeWorkbook: Decodable, Sendable {
    /// One probed cell: whether its effective style formats it as text (what a clerk types there
    /// stays text), its value type (`string`, `float`, …; nil when empty), its drop-down list.
    struct Cell: Decodable, Sendable, Equatable {
        let text: Bool
        let type: String?
        let list: [String]?
    }

    struct Sheet: Decodable, Sendable {
        let name: String
        /// The sheet as LibreOffice exports it to CSV: what it displays, as text.
        let csv: [[String]]
        /// Rows 1–7, 10001 and 10002 of columns A–H, by reference (`C2`).
        let cells: [String: Cell]
    }

    let sheets: [Sheet]
}
