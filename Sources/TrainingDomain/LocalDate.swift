import Foundation

/// A calendar date without time or zone (proleptic Gregorian), written `YYYY-MM-DD`.
///
/// Dates in the contract are China Standard Time dates; ``chinaToday(now:)`` and
/// ``endOfDayInChina`` convert between instants and dates with the fixed UTC+8 offset
/// (China has no daylight saving time). The clock is always passed in.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// The year, 1…9999 for a valid date.
    public var year: Int
    /// The month, 1…12 for a valid date.
    public var month: Int
    /// The day of the month, 1…28/29/30/31 for a valid date.
    public var day: Int

    /// China Standard Time offset from UTC, in seconds (+08:00, no DST).
    public static let chinaUTCOffsetSeconds = 8 * 3600
    static let secondsPerDay = 86_400

    /// Creates a date from its parts without checking them; see ``isValid``.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, zero-padded) and returns nil unless it
    /// is a real calendar date.
    public init?(_ description: String) {
        let bytes = Array(description.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Self.number(bytes, 0..<4),
              let month = Self.number(bytes, 5..<7),
              let day = Self.number(bytes, 8..<10)
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// True for a real calendar date with a year in 1…9999 (29 February only in leap years).
    public var isValid: Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        return day <= Self.daysInMonth(year: year, month: month)
    }

    /// Gregorian leap-year rule: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in `month` of `year` (0 for a month outside 1…12).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Number of days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// Completed years from `self` (a birth date) to `date`: the age on `date`. The age
    /// goes up on the birthday itself; someone born on 29 February turns a year older on
    /// 1 March in common years.
    public func completedYears(to date: LocalDate) -> Int {
        let years = date.year - year
        return (date.month, date.day) < (month, day) ? years - 1 : years
    }

    /// The date in China Standard Time (UTC+8) at the instant `now`.
    public static func chinaToday(now: Date) -> LocalDate {
        let seconds = now.timeIntervalSince1970 + Double(chinaUTCOffsetSeconds)
        return LocalDate(daysSinceEpoch: Int((seconds / Double(secondsPerDay)).rounded(.down)))
    }

    /// The instant this day starts in China: 00:00 +08:00.
    public var startOfDayInChina: Date {
        Date(timeIntervalSince1970: Double(daysSinceEpoch * Self.secondsPerDay - Self.chinaUTCOffsetSeconds))
    }

    /// The instant this day ends in China: the next day's 00:00 +08:00 (exclusive bound).
    public var endOfDayInChina: Date {
        adding(days: 1).startOfDayInChina
    }

    /// Orders dates chronologically.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes a `YYYY-MM-DD` string; throws for anything else or an impossible date.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date as YYYY-MM-DD, got \(text)")
        }
        self = date
    }

    /// Encodes the date as a `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Reads the ASCII digits at the absolute indices `range`; nil if any is not a digit.
    private static func number<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ range: Range<Int>) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
