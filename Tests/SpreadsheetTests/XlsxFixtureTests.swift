import Foundation
import Testing
@testable import Spreadsheet

/// Files shaped like Excel's own saves (Fixtures/make_fixtures.py).
@Suite struct XlsxFixtureTests {
    static let expected = [
        SheetRecord(row: 1, fields: ["姓名", "身份证号", "手机号"]),
        SheetRecord(row: 2, fields: ["张三 ", "", "4.30102199001011E+17"]),
        SheetRecord(row: 4, fields: ["", "430102199001011234", "13800138000", "A&B <班>"]),
        SheetRecord(row: 5, fields: ["王五", "王五", "TRUE"]),
        SheetRecord(row: 6, fields: ["李四"]),
    ]

    @Test func excelSave_readsFirstSheetThroughRelationships_withSharedStringsGapsAndRawNumbers() throws {
        #expect(try readRecords(fixture("excel-shared-strings.xlsx")) == Self.expected)
    }

    @Test func storedEntries_readLikeDeflatedOnes() throws {
        #expect(try readRecords(fixture("excel-stored.xlsx")) == Self.expected)
    }

    @Test func idNumberTypedAsNumber_staysAsExcelStoredIt() throws {
        let records = try readRecords(fixture("excel-shared-strings.xlsx"))
        #expect(records.first { $0.row == 2 }?.fields[2] == "4.30102199001011E+17")
    }

    @Test func errorThrownByBody_reachesTheCallerUnchanged() throws {
        struct Stop: Error, Equatable {}
        #expect(throws: Stop()) {
            try XlsxReader.forEachRecord(in: InMemoryFile(fixture("excel-shared-strings.xlsx"))) { record in
                if record.row == 4 { throw Stop() }
            }
        }
    }
}

func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return Array(try Data(contentsOf: url))
}

func readRecords(_ bytes: [UInt8], limits: XlsxLimits = .standard) throws -> [SheetRecord] {
    var records: [SheetRecord] = []
    try XlsxReader.forEachRecord(in: InMemoryFile(bytes), limits: limits) { records.append($0) }
    return records
}

/// Reads `bytes` expecting a refusal, and returns it.
func refusal(_ bytes: [UInt8], limits: XlsxLimits = .standard) -> SheetReadError? {
    do {
        _ = try readRecords(bytes, limits: limits)
        return nil
    } catch {
        return error as? SheetReadError
    }
}
