import Foundation
@testable import ImportScan
@testable import Spreadsheet
import Synchronization
import Testing
import TrainingDomain

/// `StudentImport.scan` on two threads (reader and validation) gives exactly what one thread
/// gives: the summary, the errors in row order, the error report and the accepted IDs, or the
/// same refusal or read error. Small batches force many hand-overs through the channel.
@Suite struct ParallelScanTests {
    /// What a scan came to, comparable: the summary, or the thrown error's code and message.
    enum Outcome: Equatable {
        case summary(ImportSummary)
        case refused(String, String)
        case unreadable(String, String)
    }

    static let header = ["序号", "姓名", "性别", "身份证号", "手机号", "学员类型"]

    static func scan(_ format: SheetFormat, _ bytes: [UInt8], limits: ImportLimits, enrolled: Set<String>, mode: ImportMode,
                     parallelMinBytes: Int, batchSize: Int = StudentImport.batchSize, channelCapacity: Int = 4) -> Outcome {
        let staged = Mutex<[String]>([])
        do {
            let summary = try StudentImport.scan(format, in: InMemoryFile(bytes), limits: limits, validator: StudentImportTests.validator,
                                                 enrolled: enrolled, mode: mode, parallelMinBytes: parallelMinBytes, batchSize: batchSize,
                                                 channelCapacity: channelCapacity, stage: { records in staged.withLock { $0 += records.map(\.idNumber) } })
            // Every accepted ID was staged, in order, by the time the summary is back.
            if !summary.acceptedIDs.isEmpty { #expect(staged.withLock { $0 } == summary.acceptedIDs) }
            return .summary(summary)
        } catch let refusal as ImportRefusal {
            return .refused(refusal.code, refusal.message)
        } catch let error as SheetReadError {
            return .unreadable(error.code, error.message)
        } catch {
            return .unreadable("other", "\(error)")
        }
    }

    /// The sequential outcome, after checking that every parallel variant (batch sizes 1, 7 and
    /// the default; a channel of 4 batches, and of 1, where the reader finds it full and checks
    /// rows itself most of the time) gives the same.
    static func agreed(_ format: SheetFormat, _ bytes: [UInt8], limits: ImportLimits = ImportLimits(), enrolled: Set<String> = [],
                       mode: ImportMode = .acceptValid) -> Outcome {
        let sequential = scan(format, bytes, limits: limits, enrolled: enrolled, mode: mode, parallelMinBytes: .max)
        for batchSize in [1, 7, StudentImport.batchSize] {
            for capacity in [4, 1] {
                let parallel = scan(format, bytes, limits: limits, enrolled: enrolled, mode: mode, parallelMinBytes: 0, batchSize: batchSize,
                                    channelCapacity: capacity)
                #expect(parallel == sequential, "batch size \(batchSize), channel capacity \(capacity)")
            }
        }
        return sequential
    }

    static func csv(_ rows: [[String]]) -> [UInt8] {
        Array(rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n").utf8)
    }

    static func xlsx(_ rows: [[String]]) -> [UInt8] {
        var writer = XlsxWriter()
        writer.addSheet(name: "学员名单", rows: rows)
        return writer.finish()
    }

    /// A title row and an empty row before the header (row 3), then 60 rows: every 10th repeats
    /// the ID of a row far before it, every 13th has a bad phone, every 17th is empty.
    static func roster() -> [[String]] {
        var rows: [[String]] = [["学员名单", "", "", "", "", ""], ["", "", "", "", "", ""], header]
        for n in 1...60 {
            if n % 17 == 0 { rows.append(["", "", "", "", "", ""]); continue }
            let id = n % 10 == 0 ? IDs.male(n - 9) : IDs.male(n)
            rows.append([String(n), "张三", "男", id, n % 13 == 0 ? "12345" : "138001380\(String(n + 10).suffix(2))", "其他"])
        }
        return rows
    }

    @Test(arguments: [SheetFormat.csv, .xlsx])
    func duplicatesInvalidAndEmptyRows_headerOnRow3(_ format: SheetFormat) throws {
        let rows = Self.roster()
        let bytes = format == .csv ? Self.csv(rows) : Self.xlsx(rows)
        for mode in ImportMode.allCases {
            guard case .summary(let summary) = Self.agreed(format, bytes, enrolled: [IDs.male(2)], mode: mode) else {
                Issue.record("no summary")
                continue
            }
            #expect(summary.skippedEmptyRows == 3 && summary.totalRows == 57)
            #expect(summary.errors.contains { $0.row == 13 && $0.code == .idDuplicate && $0.message.contains("第4行") })
            #expect(summary.errors.contains { $0.row == 5 && $0.code == .idEnrolled })
            #expect(summary.errors.map(\.row) == summary.errors.map(\.row).sorted())
            #expect(summary.errorReport?.rows.count == summary.invalidRows)
            #expect(mode == .allOrNothing ? summary.acceptedIDs.isEmpty : summary.acceptedIDs.count == summary.validRows)
        }
    }

    /// On one thread (how the import-worker scans a CSV file), the accepted students are handed
    /// over every `batchSize` rows while the file is read, not all at the end; in all-or-nothing
    /// nothing after the first invalid row.
    @Test func oneThread_stagesEveryBatch_andNothingAfterAnInvalidRowInAllOrNothing() throws {
        let rows = Self.roster()
        for mode in ImportMode.allCases {
            let batches = Mutex<[[String]]>([])
            let summary = try StudentImport.scan(.csv, in: InMemoryFile(Self.csv(rows)), limits: ImportLimits(), validator: StudentImportTests.validator,
                                                 enrolled: [], mode: mode, parallelMinBytes: .max, batchSize: 7,
                                                 stage: { records in batches.withLock { $0.append(records.map(\.idNumber)) } })
            let staged = batches.withLock { $0 }
            #expect(staged.allSatisfy { !$0.isEmpty && $0.count <= 7 })
            if mode == .acceptValid {
                #expect(staged.count >= summary.acceptedRows / 7 && staged.count > 3)
                #expect(staged.flatMap { $0 } == summary.acceptedIDs)
            } else {
                // Row 13 (the first invalid) is in the second batch of 7 records: only the first was handed over.
                #expect(staged.count == 1 && summary.acceptedIDs.isEmpty)
            }
        }
        #expect(StudentImport.parallelMinBytes(.csv) == .max && StudentImport.parallelMinBytes(.xlsx) == StudentImport.parallelMinBytes)
    }

    @Test(arguments: [SheetFormat.csv, .xlsx])
    func refusals_sameAsSequential(_ format: SheetFormat) throws {
        func make(_ rows: [[String]]) -> [UInt8] { format == .csv ? Self.csv(rows) : Self.xlsx(rows) }
        let rows = Self.roster()
        let tooMany = Self.agreed(format, make(rows), limits: ImportLimits(maxRows: 20))
        #expect(tooMany == .refused("too_many_rows", "文件的数据超过上限20行，请分成多个文件导入"))
        let missing = Self.agreed(format, make([["姓名", "性别", "身份证号"]] + rows.suffix(30)))
        guard case .refused("missing_columns", let message) = missing else { return #expect(Bool(false), "\(missing)") }
        #expect(message.contains("手机号、学员类型"))
        let noHeader = Self.agreed(format, make(rows.suffix(30)), limits: ImportLimits(headerSearchRows: 5))
        guard case .refused("missing_columns", _) = noHeader else { return #expect(Bool(false), "\(noHeader)") }
        let empty = Self.agreed(format, make([["", " "], [""]]))
        guard case .refused("file_unreadable", _) = empty else { return #expect(Bool(false), "\(empty)") }
    }

    @Test func csvReadError_afterRowsOrAfterARefusal() throws {
        let rows = Self.csv(Self.roster())
        let broken = rows + Array("\r\n61,\"张三,男".utf8)
        let unreadable = Self.agreed(.csv, broken)
        #expect(unreadable == .unreadable("file_unreadable", "第64行的引号没有闭合，请检查该行的双引号"))
        // The row limit is met before the broken row: the refusal, as one thread would meet it.
        #expect(Self.agreed(.csv, broken, limits: ImportLimits(maxRows: 20)) == .refused("too_many_rows", "文件的数据超过上限20行，请分成多个文件导入"))
    }

    /// A byte that is not UTF-8 in any column of a plainly valid row, the template's or one
    /// more, or in a quoted field after a line break: refused naming its line, on one thread
    /// (where the row's own checks vouch for the fields they read, the others are checked) as on
    /// two; also when an earlier refusal comes first.
    @Test func undecodableByte_inAnyColumn_namesItsLine() throws {
        let marker = "\u{1}BAD", bad: [UInt8] = [0xFF]
        func file(_ rows: [[String]]) -> [UInt8] {
            // A BOM: UTF-8 decided, not guessed from the first piece.
            var bytes = [0xEF, 0xBB, 0xBF] + Self.csv(rows)
            let pattern = Array(marker.utf8)
            while let at = (0...(bytes.count - pattern.count)).first(where: { bytes[$0..<$0 + pattern.count].elementsEqual(pattern) }) {
                bytes.replaceSubrange(at..<at + pattern.count, with: bad)
            }
            return bytes
        }
        let refused = ParallelScanTests.Outcome.unreadable("file_unreadable", "第8行含有无法识别的字符：文件应以UTF-8或GBK编码保存")
        for column in 0..<7 {
            var rows = Self.roster()
            if column == 6 { rows[7].append("备注" + marker) } else { rows[7][column] += marker }
            #expect(Self.agreed(.csv, file(rows)) == refused, "column \(column)")
            // The row limit met before it: the refusal.
            #expect(Self.agreed(.csv, file(rows), limits: ImportLimits(maxRows: 3)) == .refused("too_many_rows", "文件的数据超过上限3行，请分成多个文件导入"))
        }
        // After a quoted line break, the line the field is on.
        var rows = Self.roster()
        rows[7][1] = "\"张\n三\""
        rows[7][5] += marker
        #expect(Self.agreed(.csv, file(rows)) == .unreadable("file_unreadable", "第9行含有无法识别的字符：文件应以UTF-8或GBK编码保存"))
    }

    /// An .xlsx whose sheet names shared strings by index, with `strings` as its shared-strings
    /// part (raw XML, possibly broken).
    static func xlsx(sheetRows: [[Int]], strings: String) -> [UInt8] {
        var sheet = "<worksheet><sheetData>"
        for (r, row) in sheetRows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">" + row.enumerated().map { "<c r=\"\(CellReference.letters($0.offset))\(r + 1)\" t=\"s\"><v>\($0.element)</v></c>" }.joined() + "</row>"
        }
        var zip = ZipWriter()
        zip.addEntry("xl/worksheets/sheet1.xml", Array((sheet + "</sheetData></worksheet>").utf8))
        zip.addEntry("xl/sharedStrings.xml", Array(strings.utf8))
        return zip.finish()
    }

    /// Shared strings read on the validation thread while the sheet is read: an index out of
    /// range, a refusal before it, and a broken shared-strings part end as in one thread.
    @Test func xlsxSharedStringProblems_sameAsSequential() throws {
        let texts = ["姓名", "性别", "身份证号", "手机号", "学员类型", "张三", "男", IDs.male(1), "13800138000", "其他"]
        let strings = "<sst>" + texts.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        var rows = [[0, 1, 2, 3, 4]] + Array(repeating: [5, 6, 7, 8, 9], count: 6)
        rows[5][3] = 99
        let outOfRange = Self.agreed(.xlsx, Self.xlsx(sheetRows: rows, strings: strings))
        #expect(outOfRange == .unreadable("file_unreadable", SheetReadError.badSheetXML("共享字符串编号无效").message))
        #expect(Self.agreed(.xlsx, Self.xlsx(sheetRows: rows, strings: strings), limits: ImportLimits(maxRows: 2))
                == .refused("too_many_rows", "文件的数据超过上限2行，请分成多个文件导入"))
        guard case .unreadable("file_unreadable", _) = Self.agreed(.xlsx, Self.xlsx(sheetRows: rows, strings: "<sst><si><t>姓名</t>"),
                                                                  limits: ImportLimits(maxRows: 2)) else { return #expect(Bool(false)) }
        guard case .summary(let summary) = Self.agreed(.xlsx, Self.xlsx(sheetRows: Array(rows.prefix(5)), strings: strings)) else {
            return #expect(Bool(false))
        }
        #expect(summary.totalRows == 4 && summary.errors.map(\.code) == [.idDuplicate, .idDuplicate, .idDuplicate])
    }
}

/// The channel's backlog, which tells the reader when to check rows itself, and its stop.
@Suite struct RecordChannelTests {
    static func batch(_ row: Int) -> RecordBatch {
        var batch = RecordBatch(capacity: 1)
        batch.records.append(SheetRecord(row: row, fields: []))
        return batch
    }

    @Test func backlog_countsWaitingBatches_inOrder_andAfterStop_sendIsRefused() {
        let channel = RecordChannel(capacity: 2)
        #expect(channel.backlog == 0)
        #expect(channel.send(Self.batch(1)) && channel.send(Self.batch(2)))
        #expect(channel.backlog == 2)
        #expect(channel.receive()?.records.first?.row == 1)
        #expect(channel.backlog == 1)
        #expect(channel.send(Self.batch(3)))
        #expect(channel.receive()?.records.first?.row == 2)
        #expect(channel.receive()?.records.first?.row == 3)
        #expect(channel.backlog == 0)
        channel.stop()
        #expect(channel.send(Self.batch(4)) == false)
    }
}
