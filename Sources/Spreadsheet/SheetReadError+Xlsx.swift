/// The xlsx reader's failures, with the Chinese texts a clerk reads.
extension SheetReadError {
    static func tooLarge(_ message: String) -> SheetReadError { SheetReadError(code: "file_too_large", message: message) }

    static let notZip = unreadable("文件不是有效的 Excel (.xlsx) 文件，请用 Excel 另存为 .xlsx 或 CSV 后重新上传")
    static let corrupt = unreadable("Excel 文件已损坏或不完整，请重新保存后上传")
    static let zip64 = unreadable("Excel 文件过大或格式特殊（ZIP64），无法读取，请拆分后重新上传")
    static let encrypted = unreadable("Excel 文件设置了密码，请取消密码保护后重新上传")
    static func unsupportedMethod(_ method: Int) -> SheetReadError {
        unreadable("Excel 文件使用了不支持的压缩方式（\(method)），请用 Excel 重新保存后上传")
    }
    static let noWorksheet = unreadable("Excel 文件中没有找到工作表")
    static func badSheetXML(_ detail: String) -> SheetReadError {
        unreadable("Excel 工作表内容无法解析（\(detail)），请用 Excel 重新保存后上传")
    }
    static func tooManyColumns(_ limit: Int) -> SheetReadError {
        unreadable("工作表的列数超过 \(limit) 列，请删除多余的列后重新上传")
    }
    static func tooManyEntries(_ limit: Int) -> SheetReadError {
        unreadable("Excel 文件内部结构异常（超过 \(limit) 个部件），无法读取")
    }
    static func inflatedTooLarge(limitMiB: Int) -> SheetReadError {
        tooLarge("Excel 文件解压后超过 \(limitMiB) MiB，请拆分为多个文件后上传")
    }
    static func ratioTooHigh(_ ratio: Int) -> SheetReadError {
        tooLarge("Excel 文件压缩比异常（超过 \(ratio):1），疑似压缩炸弹，已拒绝读取")
    }
}
