import Foundation
import Testing
@testable import TrainingDomain

private let validator = StudentRowValidator(referenceDate: today)
private let maleID = IDFactory.make(birth: "19900101", sequence: "011")
private let femaleID = IDFactory.make(address: "433101", birth: "19851231", sequence: "020")

private func row(_ number: Int = 2, name: String = "张三", gender: String = "男", id: String = maleID,
                 phone: String = "13800138000", type: String = "农村转移劳动力") -> StudentRow {
    StudentRow(row: number, name: name, gender: gender, idNumber: id, phone: phone, studentType: type)
}

private func codes(_ row: StudentRow, using validator: StudentRowValidator = validator) -> [RowErrorCode] {
    validator.validate(row).map(\.code)
}

@Test func rowValidator_whenAllCellsValid_yieldsStudent() throws {
    let check = validator.check(row())
    #expect(check.isValid)
    let student = try #require(check.student)
    #expect(student.idNumber.value == maleID)
    #expect(student.gender == .male)
    #expect(student.phone.value == "13800138000")
    #expect(student.name.value == "张三")
    #expect(student.studentType == "农村转移劳动力")
}

@Test func rowValidator_whenAllCellsBlank_isSkippedNotError() {
    let check = validator.check(row(name: " ", gender: "\u{3000}", id: "", phone: "\t", type: "\u{00A0}"))
    #expect(check.isEmpty)
    #expect(check.errors.isEmpty)
    #expect(!check.isValid)
    #expect(check.student == nil)
}

@Test func rowValidator_whenCellsNeedNormalising_acceptsThem() {
    let fullWidthID = String(maleID.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
    let check = validator.check(row(name: " 张三\u{3000}", gender: "男 ", id: "\t" + fullWidthID, phone: "+86 13800138000", type: " 其他 "))
    #expect(check.isValid)
    #expect(check.student?.phone.value == "13800138000")
}

@Test func rowValidator_whenLowerCaseX_isValidAndStoredUpperCase() {
    let check = validator.check(row(gender: "女", id: "11010519491231002x"))
    #expect(check.isValid)
    #expect(check.student?.idNumber.value == "11010519491231002X")
}

@Test func rowValidator_reportsOneCodePerColumnInRuleOrder() {
    let errors = validator.validate(row(7, name: "Tom", gender: "M", id: "4.30102E+17", phone: "12800138000", type: "学生"))
    #expect(errors.map(\.code) == [.idLength, .genderInvalid, .phoneFormat, .nameInvalid, .typeUnknown])
    #expect(errors.map(\.column) == [.idNumber, .gender, .phone, .name, .studentType])
    #expect(errors.allSatisfy { $0.row == 7 })
}

@Test func rowValidator_whenCellsEmptyButRowNot_reportsMissingCodes() {
    #expect(codes(row(name: "", gender: "", id: "", phone: "", type: "其他")) == [.idMissing, .genderMissing, .phoneMissing, .nameMissing])
    #expect(codes(row(type: "")) == [.typeMissing])
}

@Test func rowValidator_genderMismatch_onlyWhenIDValid() {
    #expect(codes(row(gender: "女")) == [.genderMismatch])
    #expect(codes(row(gender: "女", id: IDFactory.withWrongCheck(birth: "19900101", sequence: "011"))) == [.idChecksum])
    #expect(codes(row(gender: "女", id: femaleID)).isEmpty)
}

@Test func rowValidator_ageBoundary_usesInjectedDateAndMinimumAge() {
    #expect(codes(row(id: IDFactory.make(birth: "20090615", sequence: "011"))).isEmpty)
    #expect(codes(row(id: IDFactory.make(birth: "20090616", sequence: "011"))) == [.idAge])
    let strict = StudentRowValidator(referenceDate: today, minimumAge: 18)
    #expect(codes(row(id: IDFactory.make(birth: "20090615", sequence: "011")), using: strict) == [.idAge])
    let message = strict.validate(row(id: IDFactory.make(birth: "20090615", sequence: "011"))).first?.message
    #expect(message?.contains("18") == true)
    let later = StudentRowValidator(referenceDate: date("2026-06-16"))
    #expect(codes(row(id: IDFactory.make(birth: "20100616", sequence: "011")), using: later).isEmpty)
}

@Test func rowValidator_customStudentTypes_areHonoured() {
    let custom = StudentRowValidator(referenceDate: today, studentTypes: StudentTypeCatalog(labels: ["甲类"]))
    #expect(codes(row(type: "甲类"), using: custom).isEmpty)
    #expect(codes(row(type: "其他"), using: custom) == [.typeUnknown])
}

@Test func rowValidator_messages_areChineseSentencesForClerks() {
    let error = validator.validate(row(id: IDFactory.withWrongCheck(birth: "19900101", sequence: "011"))).first
    #expect(error?.message == "身份证号校验位错误，请核对最后一位")
    #expect(error?.column.rawValue == "身份证号")
}

@Test func checkAll_secondAndLaterOccurrence_isDuplicate_firstStaysValid() {
    let rows = [row(2), row(3, name: "李四"), row(4, name: "王五", gender: "女", id: femaleID), row(5)]
    let checks = validator.checkAll(rows)
    #expect(checks[0].isValid)
    #expect(checks[1].errors.map(\.code) == [.idDuplicate])
    #expect(checks[1].errors.first?.message.contains("第2行") == true)
    #expect(checks[2].isValid)
    #expect(checks[3].errors.map(\.code) == [.idDuplicate])
    #expect(checks[3].student == nil)
}

@Test func checkAll_duplicateIsFoundAfterNormalisation() {
    let checks = validator.checkAll([row(2, gender: "女", id: "11010519491231002X"), row(3, gender: "女", id: " 11010519491231002x ")])
    #expect(checks[1].errors.map(\.code) == [.idDuplicate])
}

@Test func checkAll_invalidIDs_areNotDuplicates_andOtherErrorsStay() {
    let bad = IDFactory.withWrongCheck(birth: "19900101")
    let checks = validator.checkAll([row(2, id: bad), row(3, id: bad), row(4, phone: ""), row(5, phone: "")])
    #expect(checks[0].errors.map(\.code) == [.idChecksum])
    #expect(checks[1].errors.map(\.code) == [.idChecksum])
    #expect(checks[2].errors.map(\.code) == [.phoneMissing])
    #expect(checks[3].errors.map(\.code) == [.idDuplicate, .phoneMissing])
}

@Test func checkAll_enrolledID_isEnrolledError() {
    let checks = validator.checkAll([row(2), row(3, gender: "女", id: femaleID)], enrolled: [femaleID])
    #expect(checks[0].isValid)
    #expect(checks[1].errors.map(\.code) == [.idEnrolled])
}

@Test func checkAll_emptyRows_areSkippedAndDoNotBreakDuplicates() {
    let checks = validator.checkAll([row(2), StudentRow(row: 3, name: "", gender: "", idNumber: "", phone: "", studentType: ""), row(4)])
    #expect(checks.map(\.isEmpty) == [false, true, false])
    #expect(checks[2].errors.map(\.code) == [.idDuplicate])
}

@Test func duplicateTracker_firstOccurrenceFree_laterOnesDuplicate() {
    var tracker = DuplicateTracker(enrolled: ["X1"])
    #expect(tracker.record("A", row: 2) == nil)
    #expect(tracker.record("B", row: 3) == nil)
    #expect(tracker.record("A", row: 4)?.code == .idDuplicate)
    #expect(tracker.record("A", row: 5)?.row == 5)
    #expect(tracker.record("X1", row: 6)?.code == .idEnrolled)
    #expect(tracker.record("X1", row: 7)?.code == .idEnrolled)
}

@Test func rowValidator_validates10000GeneratedRows() {
    let names = ["张三", "李四", "王小明", "欧阳娜娜", "买买提·艾力"]
    let types = StudentTypeCatalog.embedded.labels
    var rows: [StudentRow] = []
    for index in 0..<10_000 {
        let birth = LocalDate(year: 1960 + index % 45, month: 1 + index % 12, day: 1 + index % 28)
        let sequence = String(format: "%03ld", index % 1000)
        let id = IDFactory.make(born: birth, address: index % 2 == 0 ? "430102" : "433101", sequence: sequence)
        let gender = (index % 1000) % 2 == 1 ? "男" : "女"
        let phone = "13" + String(format: "%09ld", index)
        let broken = index % 10 == 9
        rows.append(StudentRow(row: index + 2, name: names[index % names.count], gender: gender,
                               idNumber: broken ? String(id.dropLast()) : id, phone: phone, studentType: types[index % types.count]))
    }
    let checks = validator.checkAll(rows)
    #expect(checks.count == 10_000)
    let invalid = checks.filter { !$0.isValid }
    #expect(invalid.count == 1_000)
    #expect(invalid.allSatisfy { $0.errors.map(\.code) == [.idLength] })
}

@Test func rowValidator_whenIDBornIn1800WithValidCheckCharacter_reportsBirthdate() {
    let born1800 = "430102180001011238"
    #expect(IDFactory.checkCharacter(String(born1800.prefix(17))) == "8")
    let check = validator.check(row(id: born1800))
    #expect(check.errors.map(\.code) == [.idBirthdate])
    #expect(check.idNumber == nil && check.student == nil)
}

@Test func rowValidator_withExtensionBNameAndBulletDot_storesNormalisedName() throws {
    #expect(validator.check(row(name: "𠇔明")).student?.name.value == "𠇔明")
    let check = validator.check(row(name: "买买提•艾力"))
    #expect(check.errors.isEmpty)
    #expect(try #require(check.student).name.value == "买买提·艾力")
}
