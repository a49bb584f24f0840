import Testing
import TrainingDomain

/// `Score`: 0–100 with at most two decimals, from a cell's text or a JSON number.
@Suite struct ScoreTests {
    @Test func text_withUpToTwoDecimals_isAScore() throws {
        #expect(try Score.parse("85").get().hundredths == 8_500)
        #expect(try Score.parse(" 85.5 ").get().hundredths == 8_550)
        #expect(try Score.parse("89.99").get().hundredths == 8_999)
        #expect(try Score.parse("８５．５").get().hundredths == 8_550, "full-width digits and point fold")
        #expect(try Score.parse("100").get() == Score.maximum)
        #expect(try Score.parse("0").get().hundredths == 0)
        #expect(try Score.parse("060.00").get().hundredths == 6_000)
        #expect(try Score.parse(".5").get().hundredths == 50)
    }

    @Test func text_thatIsNotATwoDecimalNumber_isAFormatError() {
        for bad in ["九十", "85分", "100.001", "85.005", "1e2", "8 5", ".", "--5", "5.5.5", "+85", "NaN", "0x50"] {
            #expect(Score.parse(bad) == .failure(.format), "\(bad)")
        }
    }

    @Test func numbersOutside0to100_areARangeError_andEmptyIsMissing() throws {
        #expect(Score.parse("100.01") == .failure(.range))
        #expect(Score.parse("-1") == .failure(.range))
        #expect(Score.parse("1000") == .failure(.range))
        #expect(Score.parse("99999999999999999999") == .failure(.range))
        #expect(Score.parse("  ") == .failure(.missing))
        #expect(try Score.parse("-0").get().hundredths == 0)
    }

    @Test func jsonNumbers_areCheckedForDecimalsThenRange() throws {
        #expect(try Score.from(89.99).get().hundredths == 8_999, "89.99 × 100 is not exact in binary, and still a score")
        #expect(try Score.from(0.29).get().hundredths == 29)
        #expect(Score.from(100.001) == .failure(.format))
        #expect(Score.from(59.995) == .failure(.format))
        #expect(Score.from(101) == .failure(.range))
        #expect(Score.from(-0.5) == .failure(.range))
        #expect(Score.from(.infinity) == .failure(.format))
    }

    @Test func passing_needsBothAtLeast60_andTextsDropTrailingZeros() throws {
        let s60 = try Score.parse("60").get(), s5999 = try Score.parse("59.99").get(), s100 = Score.maximum
        #expect(Score.passes(theory: s60, practical: s100))
        #expect(!Score.passes(theory: s5999, practical: s100))
        #expect(!Score.passes(theory: s100, practical: s5999))
        #expect(try ["85", "85.5", "89.99", "0.05", "100"].map { try Score.parse($0).get().description } == ["85", "85.5", "89.99", "0.05", "100"])
        #expect(try Score.parse("85.5").get().twoDecimals == "85.50" && Score.parse("7").get().twoDecimals == "7.00")
        #expect(try Score.parse("85.5").get().value == 85.5)
    }

    @Test func courses_publishedAgain_areNotCountedTwice() {
        let a = Course(courseId: "c-1", name: "网络创业培训", hours: 16), b = Course(courseId: "c-2", name: "安全用电", hours: 8)
        let first = Course.merging([], [a, b, a])
        #expect(first.all == [a, b] && first.new == [a, b] && Course.requiredHours(first.all) == 24)
        let again = Course.merging(first.all, [Course(courseId: "c-2", name: "安全用电（新版）", hours: 10), Course(courseId: "c-3", name: "电工基础", hours: 4)])
        #expect(again.all.map(\.courseId) == ["c-1", "c-2", "c-3"] && again.new.map(\.courseId) == ["c-3"] && Course.requiredHours(again.all) == 28)
    }
}
