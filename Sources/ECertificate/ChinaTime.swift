import Foundation
import TrainingDomain

/// An instant to the whole second, shown in China Standard Time (UTC+8, no daylight saving):
/// the certificate's 生成日期, 开班时间 and 结班时间. Sub-second parts are dropped when it is
/// made, so the printed text, the signed summary and the PDF's metadata all say the same time.
public struct ChinaTime: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    /// The instant `secondsSinceEpoch` seconds after the Unix epoch.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// `date`, rounded down to the whole second.
    public init(_ date: Date) {
        secondsSinceEpoch = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// The instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)) }

    /// The China-local calendar date and the seconds into that day.
    private var local: (date: LocalDate, second: Int) {
        let shifted = secondsSinceEpoch + Int64(LocalDate.chinaUTCOffsetSeconds)
        let day = Int64(86_400)
        let days = shifted >= 0 ? shifted / day : (shifted - day + 1) / day
        return (LocalDate(daysSinceEpoch: Int(days)), Int(shifted - days * day))
    }

    /// `HH:MM:SS`, China time.
    private var clock: String {
        let second = local.second
        return "\(Self.two(second / 3600)):\(Self.two(second / 60 % 60)):\(Self.two(second % 60))"
    }

    /// `2020-10-27 15:01:21`: how the table of class facts prints 开班时间 and 结班时间.
    public var dateTime: String { "\(local.date) \(clock)" }

    /// `2020年10月27日 15:01:21`: how the certificate prints 生成日期.
    public var chineseDateTime: String {
        let date = local.date
        return "\(date.year)年\(Self.two(date.month))月\(Self.two(date.day))日 \(clock)"
    }

    /// `2020-10-27T15:01:21+08:00`: RFC 3339 with China's offset, as the signed summary and the
    /// PDF's creation date carry it.
    public var rfc3339: String { "\(local.date)T\(clock)+08:00" }

    /// Orders instants.
    public static func < (lhs: ChinaTime, rhs: ChinaTime) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
