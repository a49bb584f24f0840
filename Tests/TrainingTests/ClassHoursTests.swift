import Testing
import TrainingQueries

/// Learning seconds as 课时 (45 minutes each), with one decimal rounded down.
@Suite struct ClassHoursTests {
    @Test func seconds_becomeClassHours_withOneDecimal_roundedDown() {
        #expect(ClassHours.secondsPerClassHour == 2_700)
        #expect(ClassHours.text(seconds: 0) == "0.0" && ClassHours.text(seconds: 269) == "0.0" && ClassHours.text(seconds: 270) == "0.1")
        #expect(ClassHours.text(seconds: 3_000) == "1.1" && ClassHours.text(seconds: 5_400) == "2.0" && ClassHours.text(seconds: 43_199) == "15.9")
        #expect(ClassHours.text(seconds: 43_200) == "16.0", "16 课时 of 45 minutes are 12 hours")
        #expect(ClassHours.value(seconds: 3_000) == 1.1 && ClassHours.value(seconds: -5) == 0)
        #expect(ClassHours.tenths(seconds: 2_699_999_999) == 9_999_999)
    }
}
