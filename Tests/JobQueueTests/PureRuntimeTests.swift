import JobQueue
import Testing

@Suite struct RetryPolicyTests {
    @Test func delay_doublesPerAttempt_upToTheCap() {
        let p = RetryPolicy(maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0)
        #expect(p.delayMs(afterAttempt: 1) == 100)
        #expect(p.delayMs(afterAttempt: 2) == 200)
        #expect(p.delayMs(afterAttempt: 4) == 800)
        #expect(p.delayMs(afterAttempt: 5) == 1_000)
        #expect(p.delayMs(afterAttempt: 60) == 1_000)
    }

    @Test func jitter_staysWithinItsShare() {
        let p = RetryPolicy(maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 10_000, jitter: 0.5)
        #expect(p.delayMs(afterAttempt: 1, random: { 0 }) == 500)
        #expect(p.delayMs(afterAttempt: 1, random: { 0.999 }) == 999)
    }

    @Test func disposition_afterLastAttempt_isDead() {
        let p = RetryPolicy(maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, jitter: 0)
        #expect(p.disposition(afterAttempt: 2, nowMs: 1_000) == .retry(atMs: 1_020))
        if case .dead = p.disposition(afterAttempt: 3, nowMs: 1_000) {} else { Issue.record("expected dead") }
    }
}

@Suite struct EnvelopeTests {
    func decode(_ text: String, max: Int = JobEnvelope.defaultMaxBytes) -> Result<JobEnvelope, EnvelopeError> {
        Result { () throws(EnvelopeError) in try JobEnvelope.decode(Array(text.utf8), maxBytes: max) }
    }

    func codes(_ text: String, max: Int = JobEnvelope.defaultMaxBytes) -> [String] {
        if case .failure(let e) = decode(text, max: max) { return e.errors.map(\.code) }
        return []
    }

    @Test func validEnvelope_decodes() throws {
        let e = try decode(#"{"id":"a-1","type":"t.x","version":1,"createdAt":"2026-11-29T08:00:00+08:00","traceId":"tr","payload":{"k":[1,true,null]}}"#).get()
        #expect(e.id == "a-1")
        #expect(e.traceId == "tr")
        #expect(e.payload["k"] == [1, true, nil])
    }

    @Test func encodeThenDecode_isIdentity() throws {
        let e = JobEnvelope(id: "x:1", type: "t", createdAt: "2026-11-29T00:00:00Z", producer: "p", traceId: "t", payload: ["名称": "长沙\n\"q\"", "n": 3.5])
        #expect(try decode(e.jsonString).get() == e)
    }

    @Test func eachKindOfMalformedEnvelope_hasItsCode() {
        #expect(codes("{not json") == ["envelope.invalid_json"])
        #expect(codes("[1,2]") == ["envelope.not_object"])
        #expect(codes(#"{"type":"t","version":1,"createdAt":"2026-11-29T00:00:00Z","payload":{}}"#) == ["field.required"])
        #expect(codes(#"{"id":"has space","type":"t","version":1,"createdAt":"2026-11-29T00:00:00Z","payload":{}}"#) == ["field.format"])
        #expect(codes(#"{"id":"a","type":7,"version":1,"createdAt":"2026-11-29T00:00:00Z","payload":{}}"#) == ["field.type"])
        #expect(codes(#"{"id":"a","type":"t","version":2,"createdAt":"2026-11-29T00:00:00Z","payload":{}}"#) == ["field.enum"])
        #expect(codes(#"{"id":"a","type":"t","version":1,"createdAt":"yesterday","payload":{}}"#) == ["field.format"])
        #expect(codes(#"{"id":"a","type":"t","version":1,"createdAt":"2026-11-29T00:00:00Z","payload":[]}"#) == ["field.type"])
        #expect(codes(#"{"id":"a","type":"t","version":1,"createdAt":"2026-11-29T00:00:00Z","payload":{}}"#, max: 20) == ["envelope.too_large"])
    }

    @Test func malformedEnvelope_keepsTheJobIdWhenReadable() {
        if case .failure(let e) = decode(#"{"id":"keep-me","type":"t","version":1,"payload":{}}"#) {
            #expect(e.jobId == "keep-me")
            #expect(e.errors.map(\.field) == ["createdAt"])
        } else {
            Issue.record("expected failure")
        }
    }

    @Test func jobId_rule() {
        #expect(JobEnvelope.isValidJobId("A.b_c:d-9"))
        #expect(!JobEnvelope.isValidJobId(""))
        #expect(!JobEnvelope.isValidJobId(String(repeating: "a", count: 65)))
        #expect(!JobEnvelope.isValidJobId("中文"))
    }
}

@Suite struct TimestampTests {
    @Test func format_andParse_roundTrip() {
        let ms: Int64 = 1_795_910_400_123
        let text = Timestamp.rfc3339(ms: ms)
        #expect(text == "2026-11-29T00:00:00.123Z")
        #expect(Timestamp.parseRFC3339(text) == ms)
        #expect(Timestamp.parseRFC3339("2026-11-29T08:00:00+08:00") == 1_795_910_400_000)
    }

    @Test func invalidTimestamps_areRefused() {
        for bad in ["2026-02-30T00:00:00Z", "2026-11-29", "2026-11-29T24:00:00Z", "2026-11-29T00:00:00", "2026-11-29T00:00:00Zjunk"] {
            #expect(Timestamp.parseRFC3339(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct ConfigurationTests {
    @Test func environment_thenFlags_override() throws {
        let (c, rest) = try WorkerConfiguration.load(environment: ["VT_CONCURRENCY": "7", "VT_PREFIX": "env"],
                                                     arguments: ["--prefix", "flag", "--max-attempts=3", "extra"])
        #expect(c.concurrency == 7)
        #expect(c.prefix == "flag")
        #expect(c.maxAttempts == 3)
        #expect(rest == ["extra"])
    }

    @Test func invalidValues_areRefusedWithTheSettingsName() {
        #expect(throws: WorkerConfiguration.Invalid.self) { try WorkerConfiguration.load(environment: ["VT_CONCURRENCY": "0"], arguments: []) }
        #expect(throws: WorkerConfiguration.Invalid.self) { try WorkerConfiguration.load(environment: [:], arguments: ["--block-ms", "9000"]) }
        #expect(throws: WorkerConfiguration.Invalid.self) { try WorkerConfiguration.load(environment: ["VT_LOG_LEVEL": "loud"], arguments: []) }
    }

    @Test func markdownTable_listsEverySetting() {
        let table = WorkerConfiguration.markdownTable()
        for s in WorkerConfiguration.settings { #expect(table.contains(s.env)) }
    }
}
