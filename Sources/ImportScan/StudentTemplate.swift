import Spreadsheet
import TrainingDomain

/// The student import template (导入学员模板) institutions download, fill in and upload: the
/// sheet's header and an example row, and the 说明 sheet that explains each column (xlsx only;
/// CSV has one sheet). Pure.
public enum StudentTemplate {
    /// The header, in the contract's column order (序号 is optional).
    public static let header = ["序号"] + StudentImport.requiredColumns.map(\.rawValue)

    /// The name of the data sheet and of the instructions sheet.
    public static let sheetName = "学员名单"
    public static let instructionsSheetName = "说明"

    /// An example row that passes validation (a made-up person: Changsha Furong district, born
    /// 1990-01-01, sequence 123, so male; the check character is computed).
    public static var exampleRow: [String] {
        let first17 = "43010219900101123"
        let id = first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
        return ["1", "张三", "男", id, "13800138000", StudentTypeCatalog.embedded.labels.first ?? "其他"]
    }

    /// The 说明 sheet: one row per column (列名, 是否必填, 填写说明), then general notes.
    public static func instructions(studentTypes: StudentTypeCatalog = .embedded) -> [[String]] {
        [
            ["列名", "是否必填", "填写说明"],
            ["序号", "否", "可留空，可不连续；整列删除也可以。"],
            ["姓名", "是", "与身份证一致，最多30个字；只能是汉字和“·”（少数民族姓名中的间隔号）。"],
            ["性别", "是", "填“男”或“女”，须与身份证号第17位一致（奇数为男，偶数为女）。"],
            ["身份证号", "是", "18位居民身份证号，最后一位可以是X。请把该列设为“文本”格式，"
                + "否则Excel会把它变成4.30102E+17这样的科学计数法，导致号码错误。同一文件内和本班已有学员不能重复。"],
            ["手机号", "是", "11位大陆手机号，以1开头；可带+86。"],
            ["学员类型", "是", "从以下选项中选一个，须完全一致：" + studentTypes.labels.joined(separator: "、") + "。"],
            [],
            ["注意事项", "", "表头须包含以上列名（列的顺序不限，前20行内）；空行会被跳过。"],
            ["", "", "支持 .xlsx 和 .csv（UTF-8 或 GBK）文件，最大20MB、100,000行。"],
            ["", "", "导入完成后可下载错误报告：出错的行加一列“错误原因”，改正后可再次导入这些行。"],
        ]
    }

    /// The template as an .xlsx workbook: the 学员名单 sheet (header and example row, every
    /// column text so ID numbers keep their digits) and the 说明 sheet.
    public static func xlsx(studentTypes: StudentTypeCatalog = .embedded) -> [UInt8] {
        var writer = XlsxWriter()
        writer.addSheet(name: sheetName, columnWidths: [6, 12, 6, 22, 14, 16], rows: [header, exampleRow])
        writer.addSheet(name: instructionsSheetName, columnWidths: [12, 10, 90], rows: instructions(studentTypes: studentTypes))
        return writer.finish()
    }

    /// The template as CSV for Excel (see `CSVWriter`): the header and the example row.
    public static func csv() -> [UInt8] { CSVWriter.bytes([header, exampleRow]) }
}
