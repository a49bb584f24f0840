import JobQueue
import Testing

/// Handlers' own labelled counters: counted through `Metrics`, rendered on /metrics.
@Suite struct CounterFamilyTests {
    static let rows = CounterFamily(name: "vt_test_rows_total", help: "rows seen, by result", labels: ["result"])
    static let sends = CounterFamily(name: "vt_test_sends_total", help: "sends by channel and result", labels: ["channel", "result"])

    @Test func counts_addUpPerLabelValues() {
        let metrics = Metrics()
        metrics.add(to: Self.sends, labels: ["sms", "accepted"])
        metrics.add(2, to: Self.sends, labels: ["sms", "accepted"])
        metrics.add([["sms", "failed"]: 1, ["inbox", "accepted"]: 4], to: Self.sends)
        #expect(metrics.value(of: Self.sends, labels: ["sms", "accepted"]) == 3)
        #expect(metrics.value(of: Self.sends, labels: ["inbox", "accepted"]) == 4)
        #expect(metrics.value(of: Self.sends, labels: ["inbox", "failed"]) == 0)
        #expect(metrics.value(of: Self.rows, labels: ["valid"]) == 0)
        #expect(metrics.snapshot().isEmpty, "the runtime's plain counters are untouched")
    }

    @Test func familyWithoutCounts_isNotShown_aZeroCountIs() {
        let metrics = Metrics()
        #expect(!exposition(metrics).contains("vt_test_rows_total"))
        metrics.add([["valid"]: 0], to: Self.rows)
        #expect(exposition(metrics).contains(#"vt_test_rows_total{queue="q",result="valid"} 0"#))
    }

    @Test func exposition_rendersHelpTypeAndSortedSamples_afterTheJobCounts() {
        let metrics = Metrics()
        metrics.add([["valid"]: 6, ["invalid"]: 5, ["empty"]: 2], to: Self.rows)
        metrics.add([["sms", "waiting"]: 1, ["inbox", "accepted"]: 3], to: Self.sends)
        let text = exposition(metrics)
        let expected = """
            # HELP vt_test_rows_total rows seen, by result
            # TYPE vt_test_rows_total counter
            vt_test_rows_total{queue="q",result="empty"} 2
            vt_test_rows_total{queue="q",result="invalid"} 5
            vt_test_rows_total{queue="q",result="valid"} 6
            # HELP vt_test_sends_total sends by channel and result
            # TYPE vt_test_sends_total counter
            vt_test_sends_total{queue="q",channel="inbox",result="accepted"} 3
            vt_test_sends_total{queue="q",channel="sms",result="waiting"} 1
            # HELP vt_job_duration_seconds
            """
        #expect(text.contains(expected))
        #expect(text.range(of: "# TYPE vt_jobs_total")!.lowerBound < text.range(of: expected)!.lowerBound)
    }

    @Test func labelValues_areEscaped() {
        let metrics = Metrics()
        metrics.add(to: Self.rows, labels: ["a\"b\\c\nd"])
        #expect(exposition(metrics).contains(#"vt_test_rows_total{queue="q",result="a\"b\\c\nd"} 1"#))
    }

    @Test func namesThatArePrometheusNames_areAccepted_theRuntimesOwnAreReserved() {
        #expect(JobMetrics.runtimeNames.contains("vt_jobs_total"))
        #expect(JobMetrics.runtimeNames.contains("vt_queue_lag"))
        #expect(!JobMetrics.runtimeNames.contains(Self.rows.name))
    }

    @Test func wrongNumberOfLabelValues_isAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            Metrics().add(to: CounterFamily(name: "vt_x_total", help: "x", labels: ["a", "b"]), labels: ["only-a"])
        }
    }

    @Test func oneNameWithTwoDefinitions_isAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            let metrics = Metrics()
            metrics.add(to: CounterFamily(name: "vt_x_total", help: "x", labels: ["a"]), labels: ["1"])
            metrics.add(to: CounterFamily(name: "vt_x_total", help: "other", labels: ["a"]), labels: ["1"])
        }
    }

    func exposition(_ metrics: Metrics) -> String {
        JobMetrics.exposition(queue: "q", snapshot: metrics.snapshot(), families: metrics.families(), gauges: [])
    }
}
