import Testing
@testable import TrainingDomain

/// A record keeps a valid ID number as its entry (no string) and any other text as it is.
@Suite struct StudentRecordTests {
    func record(_ id: String) -> StudentRecord {
        StudentRecord(idNumber: id, name: "张三", gender: .male, phone: "13800138000", studentType: "其他")
    }

    func written(_ record: StudentRecord) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: record.idNumberCount) { buffer, count in
            record.writeIDNumber(at: buffer.baseAddress!)
            count = record.idNumberCount
        }
    }

    @Test func validNumber_isKeptAsItsEntry() {
        for id in ["43010219900101123X", "110105194912310021", "000000000000000000"] {
            let r = record(id)
            #expect(r.entry == DuplicateTracker.key(id))
            #expect(r.idText == nil)
            #expect(r.idNumber == id)
            #expect(r.idNumberCount == 18)
            #expect(written(r) == Array(id.utf8))
        }
    }

    @Test func otherText_isKeptAsText() {
        for id in ["43010219900101123x", "4301021990010112", "４３０１０２１９９００１０１１２３Ｘ", "", "4301021990010112345"] {
            let r = record(id)
            #expect(r.entry == 0)
            #expect(r.idText == id)
            #expect(r.idNumber == id)
            #expect(r.idNumberCount == id.utf8.count)
            #expect(written(r) == Array(id.utf8))
        }
    }

    @Test func equality_followsTheNumber() {
        #expect(record("43010219900101123X") == record("43010219900101123X"))
        #expect(record("43010219900101123X") != record("43010219900101123x"))
        #expect(record("430102199001011234") != record("430102199001011235"))
        #expect(Set([record("43010219900101123X"), record("43010219900101123X"), record("x")]).count == 2)
    }

    /// The validator's record (on bytes and on strings) is the record made from the ID's text.
    @Test func validatorsRecord_isTheTextsRecord() throws {
        let validator = StudentRowValidator(referenceDate: LocalDate(year: 2026, month: 12, day: 6))
        let row = StudentRow(row: 2, name: "张三", gender: "女", idNumber: "43010219900101106x", phone: "13800138000", studentType: "其他")
        let checked = try #require(validator.check(row, makingStudent: false).record)
        #expect(checked == StudentRecord(idNumber: "43010219900101106X", name: "张三", gender: .female, phone: "13800138000", studentType: "其他"))
        #expect(checked.idNumber == "43010219900101106X")
        let plain = validator.plainCheck(row: 2, name: "张三", gender: "男", idNumber: "430102199001011238", phone: "13800138000", studentType: "其他")
        #expect(plain?.record == record("430102199001011238"))
        #expect(plain?.idNumber?.value == "430102199001011238")
        #expect(plain?.idNumber?.key == DuplicateTracker.key("430102199001011238"))
    }
}
