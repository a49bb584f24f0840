import Testing
@testable import TrainingDomain

private func phone(_ raw: String) -> Result<MobilePhone, RowErrorCode> { MobilePhone.validate(raw) }

@Test func phone_whenElevenDigitsStarting13To19_isValid() {
    for second in 3...9 {
        #expect(phone("1\(second)800138000").success?.value == "1\(second)800138000")
    }
}

@Test(arguments: ["+8613800138000", "+86 13800138000", "+86-13800138000", "8613800138000", "86 13800138000",
                  "86-13800138000", "008613800138000", "0086 13800138000", "0086-13800138000", "＋８６１３８００１３８０００"])
func phone_whenCountryPrefix_isStripped(raw: String) {
    #expect(phone(raw).success?.value == "13800138000")
    #expect(MobilePhone.normalize(raw) == "13800138000")
}

@Test func phone_whenPrefixLeavesWrongDigits_isNotStripped() {
    #expect(MobilePhone.normalize("+86  13800138000") == "+86  13800138000")
    #expect(MobilePhone.normalize("86138001380001") == "86138001380001")
    #expect(MobilePhone.normalize("8623800138000") == "8623800138000")
    #expect(phone("+86 0731 8888888").failure == .phoneFormat)
}

@Test func phone_whenEmpty_isMissing() {
    #expect(phone("").failure == .phoneMissing)
    #expect(phone("\u{3000} ").failure == .phoneMissing)
}

@Test func phone_when10Or12Digits_isFormatError() {
    #expect(phone("1380013800").failure == .phoneFormat)
    #expect(phone("138001380001").failure == .phoneFormat)
}

@Test(arguments: ["12800138000", "10800138000", "11800138000", "23800138000"])
func phone_whenSecondDigitBelow3OrFirstNot1_isFormatError(raw: String) {
    #expect(phone(raw).failure == .phoneFormat)
}

@Test(arguments: ["138-0013-8000", "138 0013 8000", "138****8000", "1380013800O", "0731-88888888", "13800138000/13900139000"])
func phone_whenRealWorldInvalidForm_isFormatError(raw: String) {
    #expect(phone(raw).failure == .phoneFormat)
}

@Test func phone_whenFullWidthWithSpaces_isValid() {
    #expect(phone(" １３８００１３８０００\u{3000}").success?.value == "13800138000")
}

@Test func phone_mask_keepsFirstThreeAndLastFour() {
    #expect(MobilePhone.mask("13812345678") == "138****5678")
    #expect(phone("13812345678").success?.masked == "138****5678")
    #expect(MobilePhone.mask("1234567") == "*******")
}
