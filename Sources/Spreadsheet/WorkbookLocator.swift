/// Finds the parts of a workbook the reader needs: the first worksheet (the first `<sheet>` of
/// xl/workbook.xml, through xl/_rels/workbook.xml.rels) and the shared strings, falling back to
/// the names Excel gives them (xl/worksheets/sheet1.xml, xl/sharedStrings.xml).
struct WorkbookLocator {
    let worksheet: ZipEntry
    let sharedStrings: ZipEntry?

    static let fallbackWorksheet = "xl/worksheets/sheet1.xml"
    static let fallbackSharedStrings = "xl/sharedStrings.xml"

    init(archive: ZipArchive, budget: inout InflationBudget) throws(SheetReadError) {
        var relationships = RelationshipsHandler()
        var firstSheetID: String?
        if let workbook = archive.entry("xl/workbook.xml"), let rels = archive.entry("xl/_rels/workbook.xml.rels") {
            let sheets = FirstSheetHandler()
            try archive.parse(workbook, maxBytes: archive.limits.maxWorkbookPartBytes, budget: &budget, handler: sheets)
            firstSheetID = sheets.relationshipID
            let handler = RelationshipsHandlerBox()
            try archive.parse(rels, maxBytes: archive.limits.maxWorkbookPartBytes, budget: &budget, handler: handler)
            relationships = handler.relationships
        }
        let sheetPath = firstSheetID.flatMap { relationships.targets[$0] }.map(Self.resolve)
        guard let worksheet = sheetPath.flatMap(archive.entry) ?? archive.entry(Self.fallbackWorksheet) else { throw .noWorksheet }
        self.worksheet = worksheet
        let stringsPath = relationships.sharedStrings.map(Self.resolve) ?? Self.fallbackSharedStrings
        sharedStrings = archive.entry(stringsPath) ?? archive.entry(Self.fallbackSharedStrings)
    }

    /// A relationship target (relative to xl/, or absolute from the package root) as a zip name.
    static func resolve(_ target: String) -> String {
        let full = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}

/// The relationship id (`r:id`) of a workbook's first `<sheet>`.
private final class FirstSheetHandler: XMLEventHandler {
    var relationshipID: String?

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if relationshipID == nil, name.is("sheet") { relationshipID = attributes.string("id") }
    }

    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// The targets of a relationships part, by id, and the shared strings' target.
private struct RelationshipsHandler {
    var targets: [String: String] = [:]
    var sharedStrings: String?
}

private final class RelationshipsHandlerBox: XMLEventHandler {
    var relationships = RelationshipsHandler()

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.is("Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target") else { return }
        relationships.targets[id] = target
        if attributes.string("Type")?.hasSuffix("/sharedStrings") == true { relationships.sharedStrings = target }
    }

    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
