import ECertificate
import Foundation
import Testing

@Suite struct QRTextTests {
    static let summary = SampleCertificates.small.summary
    static let text: String = {
        do { return try CertificateQRText.sign(summary, with: SampleCertificates.key) } catch { fatalError("\(error)") }
    }()
    static let key = SampleCertificates.key.verifyingKey

    @Test func signedText_isPrefixJSONAndSignature_inBase64URL() throws {
        #expect(Self.text.hasPrefix("VTC1."))
        let parts = Self.text.dropFirst(5).split(separator: ".")
        #expect(parts.count == 2)
        #expect(Base64URL.decode(parts[0]) == Self.summary.canonicalJSON)
        #expect(Base64URL.decode(parts[1])?.count == 64)
    }

    @Test func verify_returnsTheSignedSummary() throws {
        #expect(try CertificateQRText.verify(Self.text, with: Self.key) == Self.summary)
        #expect(try CertificateQRText.verify(Self.text, with: Self.key, expecting: Self.summary) == Self.summary)
    }

    @Test func signing_isDeterministic() throws {
        #expect(try CertificateQRText.sign(Self.summary, with: SampleCertificates.key) == Self.text)
    }

    @Test func changingAnyCharacter_failsVerification() {
        let characters = Array(Self.text)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.V")
        for index in characters.indices {
            for replacement in [alphabet[index % alphabet.count], alphabet[(index * 7 + 3) % alphabet.count]] where replacement != characters[index] {
                var changed = characters
                changed[index] = replacement
                #expect(throws: CertificateVerificationError.self, "character \(index)") {
                    try CertificateQRText.verify(String(changed), with: Self.key)
                }
            }
        }
    }

    @Test func changingTheLastCharacterWithinItsUnusedBits_stillFails() {
        // The signature's 64 bytes end in a character whose last 2 bits are unused: a lenient
        // decoder would read "…A" and "…B" alike.
        var characters = Array(Self.text)
        let last = characters.count - 1
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let value = alphabet.firstIndex(of: characters[last])!
        characters[last] = alphabet[value ^ 1]
        #expect(throws: CertificateVerificationError.format("the signature is not canonical base64url")) {
            try CertificateQRText.verify(String(characters), with: Self.key)
        }
    }

    @Test func addingOrRemovingACharacter_failsVerification() {
        for changed in [Self.text + "A", String(Self.text.dropLast()), "A" + Self.text, Self.text + "\n", " " + Self.text] {
            #expect(throws: CertificateVerificationError.self) { try CertificateQRText.verify(changed, with: Self.key) }
        }
    }

    @Test func anotherSummarySignedAgain_failsWithTheOriginalSignature() throws {
        var forged = Self.summary
        forged.qualifiedCount = 3
        let parts = Self.text.dropFirst(5).split(separator: ".")
        let text = "VTC1." + Base64URL.encode(forged.canonicalJSON) + "." + parts[1]
        #expect(throws: CertificateVerificationError.signature) { try CertificateQRText.verify(text, with: Self.key) }
    }

    @Test func anotherKey_failsAsSignature() throws {
        let other = try CertificateSigningKey.generate().verifyingKey
        #expect(throws: CertificateVerificationError.signature) { try CertificateQRText.verify(Self.text, with: other) }
    }

    @Test func malformedTexts_failAsFormat_sayingWhy() {
        let cases: [(String, String)] = [
            ("VTC2." + Self.text.dropFirst(5), "it does not start with VTC1."),
            (Self.text + ".x", "it has 3 dot-separated parts after VTC1., not 2"),
            ("VTC1.", "it has 1 dot-separated parts after VTC1., not 2"),
            ("VTC1.e30." + Base64URL.encode([1, 2, 3]), "the signature has 3 bytes, not 64"),
            ("VTC1.e3+." + Base64URL.encode([UInt8](repeating: 0, count: 64)), "the summary is not canonical base64url"),
        ]
        for (text, reason) in cases {
            #expect(throws: CertificateVerificationError.format(reason)) { try CertificateQRText.verify(text, with: Self.key) }
        }
    }

    @Test func aSignedTextThatIsNotTheSummary_failsAsFormat() throws {
        let json = Array(#"{"certificateId":"x"}"#.utf8)
        let text = "VTC1." + Base64URL.encode(json) + "." + Base64URL.encode(try SampleCertificates.key.sign(json))
        #expect(throws: CertificateVerificationError.format("the signed summary is not the canonical JSON of the eleven fields")) {
            try CertificateQRText.verify(text, with: Self.key)
        }
    }

    @Test func comparedWithAnotherCertificate_namesEveryFieldThatDiffers() {
        var stored = Self.summary
        stored.studentCount = 4
        stored.rosterSha256 = String(repeating: "0", count: 64)
        stored.closedAt = "2026-11-28T08:22:42+08:00"
        #expect(throws: CertificateVerificationError.fields(["closedAt", "studentCount", "rosterSha256"])) {
            try CertificateQRText.verify(Self.text, with: Self.key, expecting: stored)
        }
    }
}
