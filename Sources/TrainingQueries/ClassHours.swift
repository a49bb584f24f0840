/// Learning seconds as class hours (课时), the unit of a course's hours and of a class's required
/// hours (培训课时): one 课时 is 45 minutes of learning, 2,700 seconds, the platform's own ratio
/// (the seed's course 网络创业培训 runs 44,416 s for 16 课时, a student's 78时23分 for 102 课时;
/// docs/workflows/training.md#hours-课时). Shown with one decimal, rounded down, so a student
/// short of a whole 课时 never shows as having it.
public enum ClassHours {
    /// Seconds of learning in one 课时.
    public static let secondsPerClassHour = 2_700

    /// Tenths of a 课时 in `seconds`, rounded down (0 for none or a negative count).
    public static func tenths(seconds: Int) -> Int { max(0, seconds) * 10 / secondsPerClassHour }

    /// 课时 with one decimal, rounded down: 1,800 s is `0.6`, 27,000 s `10.0`.
    public static func value(seconds: Int) -> Double { Double(tenths(seconds: seconds)) / 10 }

    /// ``value(seconds:)`` as text, always with its decimal: `0.6`, `10.0`.
    public static func text(seconds: Int) -> String {
        let t = tenths(seconds: seconds)
        return "\(t / 10).\(t % 10)"
    }
}
