/// What openpyxl read from one workbook (`Fixtures/read_with_openpyxl.py`).
struct OpenpyxlWorkbook: Decodable, Sendable {
    /// One data validation as openpyxl reads it.
    struct Validation: Decodable, Sendable, Equatable {
        let type: String
        let sqref: String
        let formula1: String?
        let allowBlank: Bool
        let showErrorMessage: Bool
        let errorStyle: String?
    }

    struct Sheet: Decodable, Sendable {
        let name: String
        /// `visible`, `hidden` or `veryHidden`.
        let state: String
        /// The used range's values, nil for an empty cell.
        let rows: [[String?]]
        /// Cells whose value is not text (a number, a date, a boolean).
        let nonText: [String]
        /// The number format of every cell of the used range, by reference (`D2`).
        let cellFormats: [String: String]
        /// The number format of each column that has one, by letters.
        let columnFormats: [String: String]
        let validations: [Validation]
    }

    /// The active sheet's name.
    let active: String
    let sheets: [Sheet]
}
