import ECertificate
import Foundation
import Testing

@Suite struct CanonicalJSONTests {
    @Test func keysAreSortedByTheirBytes_withNoSpaceAnywhere() {
        let json = CanonicalJSON.encode(["b": .integer(2), "a": .string("x"), "B": .integer(-7), "aa": .integer(0)])
        #expect(String(decoding: json, as: UTF8.self) == #"{"B":-7,"a":"x","aa":0,"b":2}"#)
    }

    @Test func strings_escapeOnlyQuoteBackslashAndControlCharacters() {
        let json = CanonicalJSON.encode(["k": .string("引号\"反斜杠\\/斜杠\n\t\r\u{08}\u{0C}\u{01}\u{1F}\u{7F}é𠀀")])
        #expect(String(decoding: json, as: UTF8.self) == "{\"k\":\"引号\\\"反斜杠\\\\/斜杠\\n\\t\\r\\b\\f\\u0001\\u001f\u{7F}é𠀀\"}")
    }

    @Test func summary_isTheElevenFieldsInKeyOrder() {
        let summary = CertificateSummary(certificateId: "C1", classId: "cls-1", institutionId: "inst-1", institutionName: "明德学校",
                                         occupation: "electrician", level: "junior", openedAt: "2026-11-02T09:30:00+08:00",
                                         closedAt: "2026-11-27T08:22:42+08:00", studentCount: 3, qualifiedCount: 1, rosterSha256: "ab")
        #expect(String(decoding: summary.canonicalJSON, as: UTF8.self) == #"{"certificateId":"C1","classId":"cls-1","closedAt":"2026-11-27T08:22:42+08:00","#
            + #""institutionId":"inst-1","institutionName":"明德学校","level":"junior","occupation":"electrician","#
            + #""openedAt":"2026-11-02T09:30:00+08:00","qualifiedCount":1,"rosterSha256":"ab","studentCount":3}"#)
    }

    @Test func summary_readsBackFromItsCanonicalJSON() {
        let summary = SampleCertificates.small.summary
        #expect(CertificateSummary(canonicalJSON: summary.canonicalJSON) == summary)
    }

    @Test func summary_refusesJSONThatIsNotCanonical() {
        let canonical = String(decoding: SampleCertificates.small.summary.canonicalJSON, as: UTF8.self)
        let variants = [
            canonical.replacingOccurrences(of: ",", with: ", "),
            canonical.replacingOccurrences(of: "{", with: "{\"extra\":1,"),
            canonical.replacingOccurrences(of: #""studentCount":3"#, with: #""studentCount":3.0"#),
            canonical.replacingOccurrences(of: #""studentCount":3"#, with: #""studentCount":"3""#),
            canonical.replacingOccurrences(of: "长", with: "\\u957f"),
            canonical.replacingOccurrences(of: #","classId":"cls-2026-025""#, with: ""),
            #"{"classId":"cls-2026-025","certificateId":"CERT-20261130-0007""# + canonical.dropFirst(#"{"certificateId":"CERT-20261130-0007","classId":"cls-2026-025""#.count),
            canonical + "\n",
        ]
        for variant in variants {
            #expect(variant != canonical)
            #expect(CertificateSummary(canonicalJSON: Array(variant.utf8)) == nil, "\(variant)")
        }
    }
}
