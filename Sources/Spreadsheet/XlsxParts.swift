/// The fixed XML parts of a workbook `XlsxWriter` produces (SpreadsheetML, ECMA-376), as
/// Excel and LibreOffice expect them.
enum XlsxParts {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let defaultColumnWidth = 12
    /// Cell format indexes in `styles`: 1 is the bold header, 2 the text format of columns.
    static let headerStyle = 1
    static let textStyle = 2

    /// The start of a worksheet up to `<sheetData>`: the header row frozen, column widths with
    /// the text format.
    static func worksheetStart(columnWidths: [Int]) -> String {
        var xml = declaration + #"<worksheet xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        let widths = columnWidths.isEmpty ? [defaultColumnWidth] : columnWidths
        xml += "<cols>"
        for (index, width) in widths.enumerated() {
            xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(max(1, min(width, 255)))" customWidth="1" style="\#(textStyle)"/>"#
        }
        return xml + "</cols><sheetData>"
    }

    /// The end of a worksheet from `</sheetData>`: its drop-down lists, if any (the schema puts
    /// `<dataValidations>` right after the sheet data in this writer's sheets).
    static func worksheetEnd(validations: [ListValidation]) -> String {
        guard !validations.isEmpty else { return "</sheetData></worksheet>" }
        return #"</sheetData><dataValidations count="\#(validations.count)">"#
            + validations.map(\.xml).joined() + "</dataValidations></worksheet>"
    }

    static func sharedStringsStart(count: Int, unique: Int) -> String {
        declaration + #"<sst xmlns="\#(mainNamespace)" count="\#(count)" uniqueCount="\#(unique)">"#
    }

    /// Fonts (regular, bold), the two fills Excel requires, one border; cell formats: default,
    /// bold text header, text (number format 49 is "@").
    static let styles = declaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font>"#
        + #"<font><b/><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
        + #"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    static func workbook(sheetNames: [String]) -> String {
        var xml = declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)"><sheets>"#
        for (index, name) in sheetNames.enumerated() {
            xml += #"<sheet name="\#(XMLText.escaped(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    /// Sheets are rId1…rIdN, then styles and shared strings.
    static func workbookRelationships(sheetCount: Int) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var xml = declaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        for index in 1...sheetCount {
            xml += #"<Relationship Id="rId\#(index)" Type="\#(base)/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(base)/styles" Target="styles.xml"/>"#
        xml += #"<Relationship Id="rId\#(sheetCount + 2)" Type="\#(base)/sharedStrings" Target="sharedStrings.xml"/>"#
        return xml + "</Relationships>"
    }

    static func contentTypes(sheetCount: Int) -> String {
        let office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="\#(office).sheet.main+xml"/>"#
        for index in 1...sheetCount {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="\#(office).worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/xl/styles.xml" ContentType="\#(office).styles+xml"/>"#
        xml += #"<Override PartName="/xl/sharedStrings.xml" ContentType="\#(office).sharedStrings+xml"/>"#
        return xml + "</Types>"
    }

    static let packageRelationships = declaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"
}
