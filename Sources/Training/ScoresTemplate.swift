import ClassQueries
import Spreadsheet

/// The scores template (成绩导入模板) `vtctl template scores --class C` writes: one row per student
/// of the class's roster (序号, 姓名, 身份证号) with empty 理论成绩 and 实操成绩 to fill in, every cell
/// text (ID numbers keep their 18 digits), and a 说明 sheet. Pure.
public enum ScoresTemplate {
    public static let header = ScoreColumn.allCases.map(\.rawValue)
    public static let sheetName = "成绩录入"
    public static let instructionsSheetName = "说明"

    /// The data rows: 序号 from 1, the roster's name, the ID number, two empty score cells.
    public static func rows(_ roster: [RosterEntry]) -> [[String]] {
        roster.enumerated().map { i, s in [String(i + 1), s.record.name, s.record.idNumber, "", ""] }
    }

    public static let instructions: [[String]] = [
        ["列名", "是否必填", "填写说明"],
        ["序号", "否", "可留空，可删除。"],
        ["姓名", "是", "与班级名单一致；与名单中的姓名不一致的行不会录入（name.mismatch）。"],
        ["身份证号", "是", "本班学员的18位身份证号，请勿修改；不在本班名单中的行不会录入（id.not_enrolled），同一学员只能出现一次。"],
        ["理论成绩", "是", "0至100之间的数字，最多两位小数，如 85 或 85.5。"],
        ["实操成绩", "是", "0至100之间的数字，最多两位小数。理论成绩和实操成绩均不低于60分为合格。"],
        [],
        ["注意事项", "", "下载电子凭证（结班）前可以修改成绩并重新导入，下载后成绩将无法更改。"],
    ]

    public static func xlsx(_ roster: [RosterEntry]) -> [UInt8] {
        var writer = XlsxWriter()
        writer.addSheet(name: sheetName, columnWidths: [6, 12, 22, 10, 10], rows: [header] + rows(roster))
        writer.addSheet(name: instructionsSheetName, columnWidths: [12, 10, 90], rows: instructions)
        return writer.finish()
    }

    public static func csv(_ roster: [RosterEntry]) -> [UInt8] { CSVWriter.bytes([header] + rows(roster)) }
}
