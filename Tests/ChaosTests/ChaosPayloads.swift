import Foundation
import JobQueue
import TrainingDomain

/// The chaos run's test data: valid licence numbers, phones, ID numbers and CSV rosters, distinct
/// per institution number `n`.
enum ChaosPayloads {
    static let department = "430100"

    /// A valid unified social credit code for institution `n`.
    static func license(_ n: Int) -> String {
        let first17 = "91430100" + String(format: "MA%07d", n)
        return first17 + String(CreditCode.checkCharacter(forFirst17: first17)!)
    }

    static func phone(_ n: Int) -> String { "137" + String(format: "%08d", n) }

    static func submission(_ institutionId: String, n: Int, badLicense: Bool = false) -> JSONValue {
        var licence = license(n)
        if badLicense { licence = String(licence.dropLast()) + (licence.last == "1" ? "2" : "1") }
        return ["institutionId": .string(institutionId), "name": .string("长沙市芙蓉区第\(n)职业培训学校"), "principal": "张三",
                "contactPhone": .string(phone(n)), "licenseType": "private_non_enterprise", "licenseNumber": .string(licence),
                "departmentId": .string(department), "regionCode": "430102", "address": .string("长沙市芙蓉区五一大道\(n)号")]
    }

    /// A valid resident ID number; the sequence's parity gives the gender (odd = male).
    static func idNumber(n: Int, row: Int, male: Bool) -> String {
        let birth = LocalDate(year: 1990, month: 1, day: 1).adding(days: n % 5_000).description.replacingOccurrences(of: "-", with: "")
        let first17 = "430102" + birth + String(format: "%03d", 100 + row * 2 + (male ? 1 : 0))
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }

    static let names = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强"]

    /// A roster of `valid` good rows plus two bad ones (a wrong check character, a short phone):
    /// the CSV text and the ID numbers that must join the roster.
    static func roster(n: Int, valid: Int = 8) -> (csv: String, validIDs: Set<String>, invalidRows: Int) {
        var lines = ["序号,姓名,性别,身份证号,手机号,学员类型"]
        var ids: Set<String> = []
        for row in 0..<valid {
            let male = row % 2 == 0
            let id = idNumber(n: n, row: row, male: male)
            ids.insert(id)
            lines.append("\(row + 1),\(names[row % names.count]),\(male ? "男" : "女"),\(id),138\(String(format: "%08d", n * 100 + row)),其他")
        }
        let wrong = idNumber(n: n, row: valid, male: true)
        lines.append("\(valid + 1),周杰,男,\(wrong.dropLast())\(wrong.last == "1" ? "2" : "1"),13900000000,其他")
        lines.append("\(valid + 2),吴刚,男,\(idNumber(n: n, row: valid + 1, male: true)),1390000,其他")
        return (lines.joined(separator: "\n") + "\n", ids, 2)
    }

    /// The students that both institutions of pair `pair` import, into two classes of one
    /// occupation and level, at once (valid rows only; born in 1985, unlike the own rosters').
    static func sharedRoster(pair: Int, count: Int = 6) -> (csv: String, ids: Set<String>) {
        var lines = ["序号,姓名,性别,身份证号,手机号,学员类型"]
        var ids: Set<String> = []
        for row in 0..<count {
            let birth = LocalDate(year: 1985, month: 1, day: 1).adding(days: pair % 5_000).description.replacingOccurrences(of: "-", with: "")
            let first17 = "430102" + birth + String(format: "%03d", 300 + row)
            let id = first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
            ids.insert(id)
            lines.append("\(row + 1),\(names[row % names.count]),\(row % 2 == 0 ? "女" : "男"),\(id),136\(String(format: "%08d", pair * 100 + row)),其他")
        }
        return (lines.joined(separator: "\n") + "\n", ids)
    }

    static func envelope(_ id: String, _ type: String, _ payload: JSONValue) -> JobEnvelope {
        JobEnvelope(id: id, type: type, createdAt: Timestamp.rfc3339(ms: Int64(Date().timeIntervalSince1970 * 1000)),
                    producer: "chaos", traceId: "trace-\(id)", payload: payload)
    }
}
