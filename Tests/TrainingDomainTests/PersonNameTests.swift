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

@Test(arguments: ["Li Lei", "张 三", "张三1", "張三A", "张三?", "张\u{E000}", "张\u{2A6E0}", "张\u{323B0}", "张\u{2FA20}"])
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

@Test(arguments: ["𠇔", "𡒄", "王𠇔", "𡒄明", "\u{20000}", "\u{2A6DF}"])
func name_withExtensionBCharacter_isAccepted(raw: String) {
    #expect(PersonName.validate(raw).success?.value == raw)
}

/// The first and last code point of every CJK Unified Ideographs block (Unicode 16), as the
/// second character of a name.
@Test(arguments: [0x4E00, 0x9FFF, 0x3400, 0x4DBF, 0x20000, 0x2A6DF, 0x2A700, 0x2B73F, 0x2B740, 0x2B81F, 0x2B820, 0x2CEAF,
                  0x2CEB0, 0x2EBEF, 0x2EBF0, 0x2EE5F, 0x30000, 0x3134F, 0x31350, 0x323AF])
func name_withCharacterOfAnyUnifiedIdeographBlock_isAccepted(codePoint: Int) throws {
    let name = "李" + String(Unicode.Scalar(UInt32(codePoint))!)
    #expect(PersonName.validate(name).success?.value == name)
    #expect(PersonName.isAllowed(Unicode.Scalar(UInt32(codePoint))!))
}

@Test(arguments: [0xF900, 0xFA0E, 0xFAD9, 0xFAFF, 0x2F800, 0x2FA1D, 0x2FA1F])
func name_withCompatibilityIdeograph_isAccepted(codePoint: Int) throws {
    let scalar = try #require(Unicode.Scalar(UInt32(codePoint)))
    #expect(PersonName.isAllowed(scalar))
    #expect(PersonName.validate("李" + String(scalar)).success != nil)
}

@Test func name_with30ExtensionBCharacters_isValid_and31_isInvalid() {
    // 30 characters are 60 UTF-16 units: the length is counted in characters.
    #expect(PersonName.validate(String(repeating: "𠇔", count: 30)).success != nil)
    #expect(PersonName.validate(String(repeating: "𠇔", count: 31)).failure == .nameInvalid)
    #expect(PersonName.validate(String(repeating: "𠇔", count: 15) + String(repeating: "张", count: 15)).success != nil)
}

@Test(arguments: ["买买提•艾力", "买买提・艾力", "买买提･艾力", "买买提.艾力", "买买提．艾力", "买买提‧艾力", "买买提·艾力", " 买买提 • 艾力 "])
func name_withDotBetweenParts_isNormalisedToMiddleDot(raw: String) {
    #expect(PersonName.validate(raw).success?.value == "买买提·艾力")
}

@Test func name_withSeveralDotsBetweenParts_normalisesEach() {
    #expect(PersonName.validate("阿卜杜.热依木•买买提").success?.value == "阿卜杜·热依木·买买提")
    #expect(PersonName.validate("𠇔•𡒄").success?.value == "𠇔·𡒄")
}

@Test(arguments: [".张三", "张三.", "张..三", "•张三", "张三・", "张三.5", "张 三"])
func name_withDotNotBetweenTwoNameParts_isInvalid(raw: String) {
    #expect(PersonName.validate(raw).failure == .nameInvalid)
}

@Test func name_mask_keepsFirstCharacterOfExtensionBName() {
    #expect(PersonName.mask("𠇔明华") == "𠇔**")
}
