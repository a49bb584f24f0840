import Testing
@testable import TrainingDomain

@Test func gender_parsesMaleAndFemale() {
    #expect(Gender(chinese: "男") == .male)
    #expect(Gender(chinese: " 女\u{3000}") == .female)
    #expect(Gender(chinese: "male") == nil)
    #expect(Gender.male.chineseName == "男")
    #expect(Gender.female.chineseName == "女")
}

@Test func gender_whenEmpty_isMissing() {
    #expect(Gender.validate("").failure == .genderMissing)
}

@Test(arguments: ["M", "F", "男性", "女士", "1", "未知"])
func gender_whenNotMaleOrFemale_isInvalid(raw: String) {
    #expect(Gender.validate(raw).failure == .genderInvalid)
}

@Test func gender_whenDisagreesWithValidID_isMismatch() throws {
    let male = try ResidentIDNumber.validate(IDFactory.make(birth: "19900101", sequence: "011"), referenceDate: today).get()
    #expect(Gender.validate("女", against: male).failure == .genderMismatch)
    #expect(Gender.validate("男", against: male).success == .male)
}

@Test func gender_withoutID_isNotCheckedForMismatch() {
    #expect(Gender.validate("女", against: nil).success == .female)
}
