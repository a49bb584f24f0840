import Testing
@testable import TrainingDomain

@Test func creditCode_workedExampleFromStandard_isValid() throws {
    #expect(CreditCode.checkCharacter(forFirst17: "91350100M000100Y4") == "3")
    let code = try CreditCode.validate("91350100M000100Y43").get()
    #expect(code.value == "91350100M000100Y43")
    #expect(code.authorityAndType == "91")
    #expect(code.regionCode == "350100")
    #expect(code.registrationAuthority == "9")
}

@Test func creditCode_whenWorkedExampleEndsInZ_isRejected() {
    // Z is outside the alphabet, so the charset rule fires before the checksum.
    #expect(CreditCode.validate("91350100M000100Y4Z").failure == .chars)
}

@Test func creditCode_whenCheckCharacterWrong_isChecksumError() {
    #expect(CreditCode.validate("91350100M000100Y44").failure == .checksum)
}

@Test(arguments: ["91350100M0001TGQXM", "91350211M0000XUF46"])
func creditCode_whenFujianNonConformingExample_failsChecksum(raw: String) {
    #expect(CreditCode.validate(raw).failure == .checksum)
}

@Test func creditCode_fujianExamples_computeDocumentedCharacters() {
    #expect(CreditCode.checkCharacter(forFirst17: "91350100M0001TGQX") == "1")
    #expect(CreditCode.checkCharacter(forFirst17: "91350211M0000XUF4") == "R")
}

@Test func creditCode_whenNot18Characters_isLengthError() {
    #expect(CreditCode.validate("").failure == .length)
    #expect(CreditCode.validate("91350100M000100Y4").failure == .length)
    #expect(CreditCode.validate("91350100M000100Y433").failure == .length)
}

@Test(arguments: ["I", "O", "S", "V", "Z", "-", "中"])
func creditCode_whenForbiddenCharacter_isCharsError(character: String) {
    #expect(CreditCode.validate("9135010" + character + "M000100Y43").failure == .chars)
}

@Test func creditCode_normalisesLowerCaseFullWidthAndSpaces() throws {
    #expect(try CreditCode.validate(" ９１350100m000100y43\u{3000}").get().value == "91350100M000100Y43")
}

@Test func creditCode_generatedCodes_validate() {
    let alphabet = Array(CreditCode.alphabet)
    for seed in 0..<200 {
        let body = "9143" + String((0..<13).map { alphabet[($0 * 7 + seed * 13) % alphabet.count] })
        let check = CreditCode.checkCharacter(forFirst17: body)
        #expect(check != nil)
        #expect(CreditCode.validate(body + String(check!)).success != nil)
    }
}
