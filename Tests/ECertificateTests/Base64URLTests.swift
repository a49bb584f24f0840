import ECertificate
import Testing

@Suite struct Base64URLTests {
    @Test func everyLength_roundTripsWithoutPadding() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 251) }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(Substring(text)) == bytes)
        }
    }

    @Test func usesTheURLAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test func decode_refusesPaddingTheStandardAlphabetAndImpossibleLengths() {
        for text in ["QQ==", "+/+/", "QUJD=", "Q", "QUJDR", "QU JD", "QUJD\n"] {
            #expect(Base64URL.decode(Substring(text)) == nil, "\(text)")
        }
    }

    @Test func decode_refusesUnusedBitsThatAreNotZero() {
        // "QQ" is "A"; "QR" decodes to the same byte in lenient decoders (the last 4 bits are unused).
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QR") == nil)
    }
}
