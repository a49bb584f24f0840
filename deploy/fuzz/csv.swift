// libFuzzer target `csv`: CSVReader.records on any bytes. Properties: never crashes; row
// numbers never go down; every field is valid UTF-8 text (it is a Swift String).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let records = try? CSVReader.records(bytes) else { return 0 }
    var last = 0
    for record in records {
        precondition(record.row >= last, "row numbers went down: \(record.row) after \(last)")
        last = record.row
    }
    return 0
}
