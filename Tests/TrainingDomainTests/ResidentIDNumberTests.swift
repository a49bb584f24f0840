import Foundation
import Testing
@testable import TrainingDomain

private func code(_ raw: String, on reference: LocalDate = today, minimumAge: Int = 16) -> RowErrorCode? {
    ResidentIDNumber.validate(raw, referenceDate: reference, minimumAge: minimumAge).failure
}

@Test(arguments: ["11010519491231002X", "53010219200508011X"])
func idNumber_whenDomainExample_isValid(raw: String) {
    #expect(code(raw) == nil)
}

@Test func idNumber_standardExample_givesBirthDateGenderAndRegion() throws {
    let number = try ResidentIDNumber.validate("11010519491231002X", referenceDate: today).get()
    #expect(number.birthDate == date("1949-12-31"))
    #expect(number.gender == .female)
    #expect(number.addressCode == "110105")
    #expect(number.provinceCode == "11")
    #expect(try ResidentIDNumber.validate("430102199001011238", referenceDate: today).get().gender == .male)
}

@Test func checkCharacter_matchesIndependentImplementation() {
    #expect(ResidentIDNumber.checkCharacter(forFirst17: "11010519491231002") == "X")
    #expect(ResidentIDNumber.checkCharacter(forFirst17: "44052418800101001") == "4")
    for seed in 0..<300 {
        let body = String(format: "43%04ld%04ld%02ld%02ld%03ld", seed * 37 % 10_000, 1950 + seed % 60, 1 + seed % 12, 1 + seed % 28, seed)
        #expect(ResidentIDNumber.checkCharacter(forFirst17: body) == IDFactory.checkCharacter(body))
    }
    #expect(ResidentIDNumber.checkCharacter(forFirst17: "1101051949123100") == nil)
    #expect(ResidentIDNumber.checkCharacter(forFirst17: "1101051949123100X") == nil)
}

@Test func idNumber_whenEmptyOrBlank_isMissing() {
    #expect(code("") == .idMissing)
    #expect(code(" \u{3000}\t") == .idMissing)
}

@Test func idNumber_whenLegacy15Digits_isLengthError() {
    #expect(code("430102900101123") == .idLength)
}

@Test func idNumber_whenExcelScientificNotation_isLengthError() {
    #expect(code("4.30102E+17") == .idLength)
    #expect(code("430102199001011000.0") == .idLength)
}

@Test func idNumber_when17Or19Characters_isLengthError() {
    let valid = IDFactory.make(birth: "19900101")
    #expect(code(String(valid.dropLast())) == .idLength)
    #expect(code(valid + "1") == .idLength)
}

@Test func idNumber_whenMasked_isCharsError() {
    #expect(code("430102********123X") == .idChars)
}

@Test func idNumber_whenLetterInsideOrXNotLast_isCharsError() {
    #expect(code("4301021990O101123X") == .idChars)
    #expect(code("43010219900101X231") == .idChars)
    #expect(code("43010219900101123中") == .idChars)
}

@Test func idNumber_whenLowerCaseX_isAcceptedAndStoredUpperCase() throws {
    let number = try ResidentIDNumber.validate("11010519491231002x", referenceDate: today).get()
    #expect(number.value == "11010519491231002X")
    #expect(ResidentIDNumber.normalize(" ５３０１０２１９２００５０８０１１ｘ ") == "53010219200508011X")
}

@Test func idNumber_whenFullWidthDigitsAndSpaces_isAccepted() throws {
    let valid = IDFactory.make(birth: "19900101")
    let fullWidth = String(valid.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
    let number = try ResidentIDNumber.validate("\u{3000}" + fullWidth + "\u{00A0}\t", referenceDate: today).get()
    #expect(number.value == valid)
}

@Test(arguments: ["83", "90", "91", "99", "10", "00", "16", "24", "47", "72", "80"])
func idNumber_whenProvincePrefixInvalid_isRegionError(prefix: String) {
    #expect(code(IDFactory.make(address: prefix + "0000", birth: "19900101")) == .idRegion)
}

@Test(arguments: ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82", "43"])
func idNumber_whenProvincePrefixValid_passesRegionRule(prefix: String) {
    #expect(code(IDFactory.make(address: prefix + "0000", birth: "19900101")) == nil)
}

@Test func idNumber_whenWithdrawnHunanCounty_isStillValid() {
    #expect(code(IDFactory.make(address: "430122", birth: "19800101")) == nil)
    #expect(code(IDFactory.make(address: "432524", birth: "19800101")) == nil)
}

@Test func idNumber_whenFebruary29InCommonYear_isBirthdateError() {
    #expect(code(IDFactory.make(birth: "19910229")) == .idBirthdate)
    #expect(code(IDFactory.make(birth: "19920229")) == nil)
}

@Test(arguments: ["19900230", "19901301", "19900001", "19900100", "19900431", "00000101"])
func idNumber_whenImpossibleDate_isBirthdateError(birth: String) {
    #expect(code(IDFactory.make(birth: birth)) == .idBirthdate)
}

@Test(arguments: ["430102180001011238", "440524188001010014", "430102189912311232"])
func idNumber_whenBornBefore1900_isBirthdateError(raw: String) {
    // The check character is right, so only the year can refuse it.
    #expect(ResidentIDNumber.checkCharacter(forFirst17: String(raw.prefix(17))) == raw.last)
    #expect(IDFactory.checkCharacter(String(raw.prefix(17))) == raw.last)
    #expect(code(raw) == .idBirthdate)
    #expect(ResidentIDNumber.validateFormat(raw).failure == .idBirthdate)
}

@Test func idNumber_whenBornOnFirstDayOf1900_isValid() {
    #expect(code("430102190001011237") == nil)
    #expect(code(IDFactory.make(birth: "19000101")) == nil)
}

@Test func idNumber_whenBornAfterReferenceDate_isFutureError() {
    #expect(code(IDFactory.make(born: today.adding(days: 1))) == .idFuture)
    #expect(code(IDFactory.make(born: today)) == .idAge)
}

@Test func idNumber_whenExactly16OnBirthday_isValid() {
    #expect(code(IDFactory.make(birth: "20090615")) == nil)
}

@Test func idNumber_whenOneDayBefore16thBirthday_isAgeError() {
    #expect(code(IDFactory.make(birth: "20090616")) == .idAge)
}

@Test func idNumber_minimumAge_isConfigurable() {
    let id = IDFactory.make(birth: "20090615")
    #expect(code(id, minimumAge: 18) == .idAge)
    #expect(code(IDFactory.make(birth: "20070615"), minimumAge: 18) == nil)
    #expect(code(IDFactory.make(birth: "20070616"), minimumAge: 18) == .idAge)
}

@Test func idNumber_whenCheckCharacterWrong_isChecksumError() {
    #expect(code(IDFactory.withWrongCheck(birth: "19900101")) == .idChecksum)
    #expect(code("11010519491231002Y") == .idChars)
    #expect(code("110105194912310021") == .idChecksum)
}

@Test func idNumber_errorOrder_regionBeforeBirthdateBeforeChecksum() {
    // Wrong region, impossible date and wrong check character: region is reported first.
    #expect(code("830102199002301231") == .idRegion)
    // Impossible date and wrong check character: birthdate first.
    #expect(code("430102199002301231") == .idBirthdate)
    // Under age with a wrong check character: age first.
    #expect(code(IDFactory.withWrongCheck(birth: "20200101")) == .idAge)
}

@Test func idNumber_gender_followsParityOfDigit17() throws {
    let male = try ResidentIDNumber.validate(IDFactory.make(birth: "19900101", sequence: "011"), referenceDate: today).get()
    let female = try ResidentIDNumber.validate(IDFactory.make(birth: "19900101", sequence: "010"), referenceDate: today).get()
    #expect(male.gender == .male)
    #expect(female.gender == .female)
}

@Test func idNumber_mask_keepsFirstFourAndLastFour() {
    #expect(ResidentIDNumber.mask("43010219900101123X") == "4301**********123X")
    #expect(ResidentIDNumber.mask("12345678") == "********")
    let number = ResidentIDNumber.validateFormat("11010519491231002X").success
    #expect(number?.masked == "1101**********002X")
}

@Test func idNumber_codable_roundTripsAndRejectsBadChecksum() throws {
    let number = try #require(ResidentIDNumber.validateFormat("11010519491231002X").success)
    let data = try JSONEncoder().encode([number])
    #expect(try JSONDecoder().decode([ResidentIDNumber].self, from: data) == [number])
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode([ResidentIDNumber].self, from: Data(#"["110105194912310021"]"#.utf8))
    }
}
