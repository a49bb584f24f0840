import Testing
@testable import TrainingDomain

@Test(arguments: ["李雷", "欧阳娜娜", "买买提·艾力", "㐀丽", "阿卜杜热依木·买买提"])
func name_whenCJKAndMiddleDot_isValid(raw: String) {
    #expect(PersonName.validate(raw).success?.value == raw)
}

@Test func name_whenSurroundedBySpaces_isTrimmed() {
    #expect(PersonName.validate("\u{3000}张三 ").success?.value == "张三")
}

@Test func name_whenEmpty_isMissing() {
    #expect(PersonName.validate("").failure == .nameMissing)
    #expect(PersonName.validate(" \u{3000}").failure == .nameMissing)
}

@Test func name_when30Characters_isValid_and31_isInvalid() {
    #expect(PersonName.validate(String(repeating: "张", count: 30)).success != nil)
    #expect(PersonName.validate(String(repeating: "张", count: 31)).failure == .nameInvalid)
}

@Test(arguments: ["Li Lei", "张 三", "张三1", "张三・李", "张三•李", "張三A", "𠀀", "张三?"])
func name_whenOtherCharacters_isInvalid(raw: String) {
    #expect(PersonName.validate(raw).failure == .nameInvalid)
}

@Test func name_mask_keepsFirstCharacter() {
    #expect(PersonName.mask("李小明") == "李**")
    #expect(PersonName.mask("李雷") == "李*")
    #expect(PersonName.mask("李") == "李")
    #expect(PersonName.mask("") == "")
    #expect(PersonName.validate("买买提·艾力").success?.masked == "买*****")
}
