import ECertificate
import Foundation
import Testing

@Suite struct ChinaTimeTests {
    @Test func formats_inChinaTime() {
        let time = ChinaTime(secondsSinceEpoch: 1_603_782_081)  // 2020-10-27T07:01:21Z
        #expect(time.dateTime == "2020-10-27 15:01:21")
        #expect(time.chineseDateTime == "2020年10月27日 15:01:21")
        #expect(time.rfc3339 == "2020-10-27T15:01:21+08:00")
    }

    @Test func lateUTCEvening_isTheNextDayInChina() {
        let time = ChinaTime(secondsSinceEpoch: 1_767_225_599)  // 2025-12-31T23:59:59Z
        #expect(time.rfc3339 == "2026-01-01T07:59:59+08:00")
    }

    @Test func fractionsOfASecond_areDropped() {
        let time = ChinaTime(Date(timeIntervalSince1970: 1_603_782_081.999))
        #expect(time.secondsSinceEpoch == 1_603_782_081)
    }
}
