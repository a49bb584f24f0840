/// One row of an uploaded sheet (CSV or xlsx): its cells as text, with the row number Excel
/// shows for it (the first row is 1).
public struct SheetRecord: Sendable, Equatable {
    public let row: Int
    public internal(set) var fields: [String]
    /// Shared-string cells of an .xlsx row read before its shared strings were
    /// (``XlsxSheet/forEachRecord(_:)``): their fields are "" until ``SharedStringResolver/resolve(_:)``.
    /// Empty for every other record.
    public internal(set) var unresolved: [UnresolvedCell] = []

    public init(row: Int, fields: [String]) {
        self.row = row
        self.fields = fields
    }

    init(row: Int, fields: [String], unresolved: [UnresolvedCell]) {
        self.row = row
        self.fields = fields
        self.unresolved = unresolved
    }
}

/// A cell whose text is the shared string `index` (its `<v>`), not looked up yet.
public struct UnresolvedCell: Sendable, Equatable {
    let column: Int32
    let index: Int32
}

/// Random access to an uploaded file's bytes, so that readers take it in pieces instead of
/// holding it whole (a zip's central directory sits at its end).
public protocol ImportFile {
    /// The file's size in bytes.
    var size: Int { get }
    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(offset: Int, count: Int) throws -> [UInt8]
}

/// A file already in memory (tests, small uploads).
public struct InMemoryFile: ImportFile, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int { bytes.count }

    public func read(offset: Int, count: Int) -> [UInt8] {
        guard offset < bytes.count, count > 0 else { return [] }
        return Array(bytes[max(0, offset)..<min(bytes.count, offset + count)])
    }
}

/// Why a file could not be read as a sheet. `code` is a contract outcome (`file_unreadable`,
/// `file_too_large`); `message` is Chinese, for the institution's clerk.
public struct SheetReadError: Error, Sendable, Equatable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public static func unreadable(_ message: String) -> SheetReadError { SheetReadError(code: "file_unreadable", message: message) }

    /// Bytes of row `row` that do not decode.
    static func undecodable(row: Int) -> SheetReadError { unreadable("第\(row)行含有无法识别的字符：文件应以UTF-8或GBK编码保存") }
}
