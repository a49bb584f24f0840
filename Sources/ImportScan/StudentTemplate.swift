import Spreadsheet
import TrainingDomain

/// The student import template (导入学员模板) institutions download, fill in and upload. Pure.
///
/// Nothing in it can be imported by accident: the data sheet 学员名单 (the first sheet, the one
/// the import reads) holds the header alone, with drop-downs for 性别 and 学员类型 and every
/// column formatted as text; the example sits on the 说明 sheet beside each column's rule, and
/// its ID number has a birth date that does not exist, so even copied into the data sheet it is
/// refused (`id.birthdate`) and is nobody's. The CSV template is the header alone.
public enum StudentTemplate {
    /// The header, in the contract's column order (序号 is optional).
    public static let header = ["序号"] + StudentImport.requiredColumns.map(\.rawValue)

    /// The name of the data sheet (the first) and of the instructions sheet.
    public static let sheetName = "学员名单"
    public static let instructionsSheetName = "说明"

    /// The rows of the data sheet the drop-downs cover: as many students as a class may plan
    /// (`plannedSize` is at most 10,000).
    public static let dataRows = 2...10_001

    /// The example's ID number: Changsha Furong district, born 1990-02-30, a day that does not
    /// exist, so no person holds it and the import refuses it (`id.birthdate`). The check
    /// character is computed, so the birth date is its only fault.
    public static let exampleIDNumber: String = {
        let first17 = "43010219900230123"
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }()

    /// The example values, in ``header`` order, shown on the 说明 sheet only.
    public static var example: [String] {
        ["1", "张三", "男", exampleIDNumber, "13800138000", StudentTypeCatalog.embedded.labels.first ?? "其他"]
    }

    /// The 说明 sheet: one row per column (列名, 是否必填, 示例, 填写说明), general notes, then the
    /// student types one per row in column A (the 学员类型 drop-down reads them there when they
    /// are too long for an inline list; see ``studentTypeRows(studentTypes:)``).
    public static func instructions(studentTypes: StudentTypeCatalog = .embedded) -> [[String]] {
        let example = example
        let notes: [[String]] = [
            ["列名", "是否必填", "示例", "填写说明"],
            ["序号", "否", example[0], "可留空，可不连续；整列删除也可以。"],
            ["姓名", "是", example[1], "与身份证一致，最多30个字；只能是汉字和“·”（少数民族姓名中的间隔号）。"],
            ["性别", "是", example[2], "从下拉列表中选择“男”或“女”，须与身份证号第17位一致（奇数为男，偶数为女）。"],
            ["身份证号", "是", example[3], "18位居民身份证号，最后一位可以是X。该列已设为“文本”格式，请不要改成“常规”或“数值”，"
                + "否则Excel会把号码变成4.30102E+17这样的科学计数法，导致号码错误。同一文件内和本班已有学员不能重复。"],
            ["手机号", "是", example[4], "11位大陆手机号，以1开头；可带+86。"],
            ["学员类型", "是", example[5], "从下拉列表中选择，须与下方“学员类型可选值”之一完全一致。"],
            [],
            ["注意事项", "", "", "请在“学员名单”工作表第2行起填写，每行一名学员。导入只读取第一个工作表，请不要调整工作表的顺序。"],
            ["", "", "", "“示例”一列仅示范格式，不是真实学员：示例身份证号的出生日期（1990年2月30日）不存在，复制到学员名单也会被拒绝导入。"],
            ["", "", "", "表头须包含以上列名（列的顺序不限，前20行内）；空行会被跳过。"],
            ["", "", "", "支持 .xlsx 和 .csv（UTF-8 或 GBK）文件，最大20MB、100,000行。"],
            ["", "", "", "导入完成后可下载错误报告：出错的行加一列“错误原因”，改正后可再次导入这些行。"],
            [],
            ["学员类型可选值"],
        ]
        return notes + studentTypes.labels.map { [$0] }
    }

    /// The rows (as Excel numbers them) of the 说明 sheet's column A that hold the student types.
    public static func studentTypeRows(studentTypes: StudentTypeCatalog = .embedded) -> ClosedRange<Int> {
        let first = instructions(studentTypes: studentTypes).count - studentTypes.labels.count + 1
        return first...(first + studentTypes.labels.count - 1)
    }

    /// The data sheet's drop-downs: 男/女 for 性别, the catalog's labels for 学员类型 (inline when
    /// they fit Excel's 255 characters, else the 说明 sheet's cells), on ``dataRows``.
    public static func validations(studentTypes: StudentTypeCatalog = .embedded) -> [ListValidation] {
        let types: ListValidation.Source = ListValidation.fitsInline(studentTypes.labels)
            ? .values(studentTypes.labels)
            : .cells(sheet: instructionsSheetName, column: 0, rows: studentTypeRows(studentTypes: studentTypes))
        return [
            ListValidation(column: column(.gender), rows: dataRows, source: .values(Gender.allCases.map(\.chineseName)),
                           title: StudentColumn.gender.rawValue, message: "请从下拉列表中选择“男”或“女”"),
            ListValidation(column: column(.studentType), rows: dataRows, source: types,
                           title: StudentColumn.studentType.rawValue, message: "请从下拉列表中选择学员类型"),
        ]
    }

    /// The template as an .xlsx workbook: the 学员名单 sheet first (the header, every column
    /// text, the drop-downs), then the 说明 sheet.
    public static func xlsx(studentTypes: StudentTypeCatalog = .embedded) -> [UInt8] {
        var writer = XlsxWriter()
        writer.addSheet(name: sheetName, columnWidths: [6, 12, 6, 22, 14, 26], rows: [header],
                        validations: validations(studentTypes: studentTypes))
        writer.addSheet(name: instructionsSheetName, columnWidths: [14, 10, 22, 90], rows: instructions(studentTypes: studentTypes))
        return writer.finish()
    }

    /// The template as CSV for Excel (see `CSVWriter`): the header alone.
    public static func csv() -> [UInt8] { CSVWriter.bytes([header]) }

    /// The zero-based position of `column` in ``header``.
    private static func column(_ column: StudentColumn) -> Int { header.firstIndex(of: column.rawValue)! }
}
