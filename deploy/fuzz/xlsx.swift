// libFuzzer target `xlsx`: XlsxReader over any bytes (a zip, or not). Properties: never crashes
// or hangs; it ends with records or a SheetReadError (file_unreadable / file_too_large); row
// numbers are positive (they come from the sheet's own `<row r>`, so a crafted file may order
// them as it likes); no record is wider than the column limit.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXlsx(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = InMemoryFile(Array(UnsafeBufferPointer(start: data, count: size)))
    let limits = XlsxLimits.standard
    do {
        try XlsxReader.forEachRecord(in: file, limits: limits) { record in
            precondition(record.row >= 1, "row number \(record.row)")
            precondition(record.fields.count <= limits.maxColumns, "a record wider than the column limit")
        }
    } catch let error as SheetReadError {
        precondition(["file_unreadable", "file_too_large"].contains(error.code), "unexpected code \(error.code)")
    } catch {
        preconditionFailure("not a SheetReadError: \(error)")
    }
    return 0
}
