/// A drop-down list on one column of a sheet: an Excel data validation of type "list" over
/// `rows`, so a clerk picks a value instead of typing it, and a typed value outside the list is
/// refused by the spreadsheet program (Excel, WPS and LibreOffice show the drop-down; a pasted
/// value is not checked by any of them, so the import still validates every cell).
///
///     ListValidation(column: 2, rows: 2...10_001, source: .values(["男", "女"]), title: "性别", message: "请选择男或女")
public struct ListValidation: Sendable, Equatable {
    /// Where the list's values come from.
    public enum Source: Sendable, Equatable {
        /// Written into the formula itself (`"男,女"`): at most ``ListValidation/inlineLimit``
        /// characters, no comma or quote in a value (see ``ListValidation/fitsInline(_:)``).
        case values([String])
        /// The cells `rows` of the zero-based `column` of the sheet named `sheet`, in the same
        /// workbook (`'说明'!$A$3:$A$12`): for lists that do not fit inline.
        case cells(sheet: String, column: Int, rows: ClosedRange<Int>)

        /// The text of `<formula1>` (not yet XML-escaped).
        public var formula: String {
            switch self {
            case .values(let values):
                return "\"" + values.joined(separator: ",") + "\""
            case .cells(let sheet, let column, let rows):
                let letters = CellReference.letters(column)
                let quoted = "'" + sheet.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
                return "\(quoted)!$\(letters)$\(rows.lowerBound):$\(letters)$\(rows.upperBound)"
            }
        }
    }

    /// The zero-based column the list applies to.
    public var column: Int
    /// The rows it applies to, as Excel numbers them (the header is row 1).
    public var rows: ClosedRange<Int>
    public var source: Source
    /// The title and the text of the message a refused typed value gets.
    public var title: String
    public var message: String

    public init(column: Int, rows: ClosedRange<Int>, source: Source, title: String, message: String) {
        self.column = column
        self.rows = rows
        self.source = source
        self.title = title
        self.message = message
    }

    /// Excel refuses an inline list longer than this many characters (the values and the commas
    /// between them).
    public static let inlineLimit = 255

    /// True when `values` can be written as an inline list: at least one, no comma (the
    /// separator) or double quote in any, at most ``inlineLimit`` characters in all.
    public static func fitsInline(_ values: [String]) -> Bool {
        !values.isEmpty && values.allSatisfy { !$0.contains(",") && !$0.contains("\"") }
            && values.joined(separator: ",").utf16.count <= inlineLimit
    }

    /// The `<dataValidation>` element: blanks allowed (an empty row is no error), other typed
    /// values refused with ``message``.
    var xml: String {
        let letters = CellReference.letters(column)
        return #"<dataValidation type="list" errorStyle="stop" allowBlank="1" showErrorMessage="1""#
            + #" errorTitle="\#(XMLText.escaped(title))" error="\#(XMLText.escaped(message))""#
            + #" sqref="\#(letters)\#(rows.lowerBound):\#(letters)\#(rows.upperBound)">"#
            + "<formula1>\(XMLText.escaped(source.formula))</formula1></dataValidation>"
    }
}
