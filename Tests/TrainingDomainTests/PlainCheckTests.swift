import Testing
@testable import TrainingDomain

/// `StudentRowValidator.plainCheck` (the CSV import's check on bytes) answers only with what
/// `check` gives the same cells as strings, and answers for the plain rows most files hold.
@Suite struct PlainCheckTests {
    static let validator = StudentRowValidator(referenceDate: LocalDate(year: 2026, month: 11, day: 29))

    static func id(_ n: Int, region: String = "430102", born: String = "19900101") -> String {
        let first17 = region + born + String(String(n + 1000).suffix(3))
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }

    /// The string check and the byte check of one row of cells (姓名, 性别, 身份证号, 手机号, 学员类型).
    static func both(_ cells: [String]) -> (StudentRowCheck, StudentRowCheck?) {
        let row = StudentRow(row: 7, name: cells[0], gender: cells[1], idNumber: cells[2], phone: cells[3], studentType: cells[4])
        let strings = validator.check(row, makingStudent: false)
        let bytes = cells.map { Array($0.utf8) }
        let plain = bytes[0].withUnsafeBufferPointer { name in
            bytes[1].withUnsafeBufferPointer { gender in
                bytes[2].withUnsafeBufferPointer { idNumber in
                    bytes[3].withUnsafeBufferPointer { phone in
                        bytes[4].withUnsafeBufferPointer { type in
                            validator.plainCheck(row: 7, name: name, gender: gender, idNumber: idNumber, phone: phone, studentType: type)
                        }
                    }
                }
            }
        }
        return (strings, plain)
    }

    /// Valid rows, and every way of changing one cell that the string check normalises, folds
    /// or refuses.
    static func rows() -> [[String]] {
        let labels = StudentTypeCatalog.embedded.labels
        let names = ["张三", "欧阳娜娜", "买买提·艾力", "龘", "一丁", "鿿鿿", String(repeating: "李", count: 30)]
        var valid: [[String]] = []
        for n in 0..<40 {
            let id = Self.id(n)
            valid.append([names[n % names.count], n % 2 == 1 ? "男" : "女", id, "13" + String(800_000_000 + n).suffix(9), labels[n % labels.count]])
        }
        let x = (0..<200).map { Self.id($0) }.first { $0.hasSuffix("X") }!
        valid.append(["张三", (x.utf8.dropLast().last! - 0x30) % 2 == 1 ? "男" : "女", x, "13800138000", labels[0]])
        var rows = valid
        let base = valid[1]
        func with(_ index: Int, _ value: String) { var row = base; row[index] = value; rows.append(row) }
        for name in ["", " 张三", "张三 ", "张 三", "张.三", "张•三", "张・三", "张\u{3000}三", "㐀三", "豈三", "𠀀三", "Zhang", "张3",
                     String(repeating: "李", count: 31), "\u{B7}", "张\u{FF0E}三", "张\u{200B}"] { with(0, name) }
        for gender in ["", "男 ", "女", "Male", "m", "男性", "\u{3000}男"] { with(1, gender) }
        let id = base[2]
        for value in ["", " " + id, id + " ", String(id.dropLast()) + "x", String(id.dropLast()),
                      id + "1", String(id.dropLast()) + (id.last == "0" ? "1" : "0"),
                      String(id.map { $0.isNumber ? Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!) : $0 }),
                      Self.id(1, region: "990102"), Self.id(1, born: "20300101"), Self.id(1, born: "20150101"), Self.id(1, born: "19901301"),
                      Self.id(1, born: "18991231")] { with(2, value) }
        for phone in ["", "1380013800", "138001380000", "+8613800138000", "86 13800138000", "12800138000", "1380013800a", "１３８００１３８０００",
                      " 13800138000", "13800138000 "] { with(3, phone) }
        for type in ["", labels[0] + " ", " " + labels[0], "学生", labels[0] + "的"] { with(4, type) }
        return rows
    }

    @Test func whenItAnswers_itIsTheStringCheck_andItAnswersForPlainRows() {
        var answered = 0
        for (n, cells) in Self.rows().enumerated() {
            let (strings, plain) = Self.both(cells)
            if let plain {
                answered += 1
                #expect(plain == strings, "row \(n): \(cells)")
                #expect(strings.isValid, "row \(n): \(cells)")
            }
        }
        // The 41 plain valid rows, and of the changed ones only those the string check also takes unchanged.
        #expect(answered >= 41)
        let plainOnes = Self.rows().prefix(41).filter { Self.both($0).1 != nil }
        #expect(plainOnes.count == 41)
    }

    @Test func rowsItLeavesToTheStringCheck() {
        for cells in Self.rows().dropFirst(41) {
            let (strings, plain) = Self.both(cells)
            // Whatever normalising changes is the string check's: a changed cell's row is refused or rewritten.
            let unchanged = cells.allSatisfy { Normalizer.normalize($0) == $0 } && !cells[2].contains("x")
            if plain != nil { #expect(strings.isValid && unchanged, "\(cells)") }
        }
        #expect(Self.both(["张三", "男", String(Self.id(9).dropLast()) + "x", "13800138000", "其他"]).1 == nil)
        #expect(Self.both(["张 三", "男", Self.id(9), "13800138000", "其他"]).1 == nil)
    }
}
