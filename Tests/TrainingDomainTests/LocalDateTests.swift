import Foundation
import Testing
@testable import TrainingDomain

@Test func localDate_parse_acceptsStrictISODate() {
    #expect(LocalDate("2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
    #expect(LocalDate("0001-01-01") == LocalDate(year: 1, month: 1, day: 1))
}

@Test(arguments: ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01",
                  "20240101", "2024/01/01", " 2024-01-01", "2024-01-01T00:00", "０２４-01-01", ""])
func localDate_parse_whenMalformedOrImpossible_isNil(text: String) {
    #expect(LocalDate(text) == nil)
}

@Test func localDate_isValid_followsLeapYearRules() {
    #expect(LocalDate(year: 2000, month: 2, day: 29).isValid)
    #expect(!LocalDate(year: 1900, month: 2, day: 29).isValid)
    #expect(LocalDate(year: 1992, month: 2, day: 29).isValid)
    #expect(!LocalDate(year: 1991, month: 2, day: 29).isValid)
    #expect(!LocalDate(year: 0, month: 1, day: 1).isValid)
}

@Test func localDate_addingAndDaysBetween_crossMonthsAndYears() {
    #expect(date("2024-02-28").adding(days: 1) == date("2024-02-29"))
    #expect(date("2023-02-28").adding(days: 1) == date("2023-03-01"))
    #expect(date("2024-12-31").adding(days: 1) == date("2025-01-01"))
    #expect(date("2025-01-01").adding(days: -1) == date("2024-12-31"))
    #expect(date("2024-01-01").days(to: date("2025-01-01")) == 366)
    #expect(date("1970-01-01").daysSinceEpoch == 0)
    #expect(date("1969-12-31").daysSinceEpoch == -1)
}

@Test func localDate_daysSinceEpoch_roundTripsOverCenturies() {
    var day = date("1800-01-01").daysSinceEpoch
    let end = date("2200-12-31").daysSinceEpoch
    var previous = LocalDate(daysSinceEpoch: day - 1)
    while day <= end {
        let current = LocalDate(daysSinceEpoch: day)
        #expect(current.isValid && current.daysSinceEpoch == day && previous < current)
        previous = current
        day += 97
    }
}

@Test func chinaToday_usesUTCPlus8() {
    // 2025-06-14T15:59:59Z is 23:59:59 in China; one second later is the next day there.
    let before = Date(timeIntervalSince1970: 1_749_916_799)
    #expect(LocalDate.chinaToday(now: before) == date("2025-06-14"))
    #expect(LocalDate.chinaToday(now: before.addingTimeInterval(1)) == date("2025-06-15"))
}

@Test func endOfDayInChina_isNextMidnightAtPlus8() {
    let end = date("2025-06-14").endOfDayInChina
    let expected = ISO8601DateFormatter().date(from: "2025-06-14T16:00:00Z")!
    #expect(end == expected)
    #expect(LocalDate.chinaToday(now: end.addingTimeInterval(-1)) == date("2025-06-14"))
    #expect(LocalDate.chinaToday(now: end) == date("2025-06-15"))
    #expect(date("2025-06-14").startOfDayInChina == ISO8601DateFormatter().date(from: "2025-06-13T16:00:00Z")!)
}

@Test func completedYears_countsTheBirthdayItself() {
    let birth = date("2009-06-15")
    #expect(birth.completedYears(to: date("2025-06-15")) == 16)
    #expect(birth.completedYears(to: date("2025-06-14")) == 15)
    let leapling = date("2008-02-29")
    #expect(leapling.completedYears(to: date("2024-02-28")) == 15)
    #expect(leapling.completedYears(to: date("2024-02-29")) == 16)
    #expect(leapling.completedYears(to: date("2025-02-28")) == 16)
}

@Test func localDate_codable_usesISOString() throws {
    let data = try JSONEncoder().encode([date("2025-01-02")])
    #expect(String(decoding: data, as: UTF8.self) == #"["2025-01-02"]"#)
    #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date("2025-01-02")])
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode([LocalDate].self, from: Data(#"["2025-02-30"]"#.utf8))
    }
    #expect(LocalDate(year: 987, month: 3, day: 4).description == "0987-03-04")
}
