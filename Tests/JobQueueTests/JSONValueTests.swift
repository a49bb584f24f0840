import JobQueue
import Testing

@Suite struct JSONValueTests {
    @Test func parse_readsEveryKindOfValue() throws {
        let v = try JSONValue.parse(#"{"s":"长沙\u00e9\ud83d\ude00","i":-12,"d":2.5,"t":true,"f":false,"n":null,"a":[1,"x"],"o":{}}"#)
        #expect(v["s"] == "长沙é😀")
        #expect(v["i"]?.intValue == -12)
        #expect(v["d"]?.doubleValue == 2.5)
        #expect(v["t"] == true)
        #expect(v["f"] == false)
        #expect(v["n"] == .null)
        #expect(v["a"] == [1, "x"])
        #expect(v["o"] == .object([:]))
    }

    @Test func parse_refusesDuplicateKeys() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(#"{"id":"a","id":"b"}"#) }
    }

    @Test func parse_refusesInvalidUTF8() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func parse_refusesDeepNesting_andTrailingGarbage() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(#"{"a":1} x"#) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("") }
    }

    @Test func write_escapesAndSortsKeys_andParsesBack() throws {
        let v: JSONValue = ["b": "line\nquote\"back\\slash\u{01}", "a": [1.5, -3, true, nil]]
        let text = v.jsonString
        #expect(text.hasPrefix(#"{"a":[1.5,-3,true,null],"b":"line\nquote\"back\\slash\u0001"}"#))
        #expect(try JSONValue.parse(text) == v)
    }

    @Test func write_everyControlCharacterAndNonASCII_roundTrips() throws {
        let controls = String(String.UnicodeScalarView((1..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let text = "李四·\(controls)\"\\/é😀\u{7F}end"
        let v: JSONValue = ["k\"ey": .string(text)]
        #expect(try JSONValue.parse(v.jsonBytes) == v)
        #expect(v.jsonBytes == Array(v.jsonString.utf8))
        #expect(JSONValue.string("\u{1F}\t").jsonString == #""\u001f\t""#)
        #expect(JSONValue.string("").jsonString == #""""#)
    }

    @Test func parseError_ofTruncatedEnvelope_quotesNoInputText() {
        // Jansson's own message ends "near '\"13812345678'": it would reach the dead letter and the log.
        for text in [#"{"id":"j-1","phone":"13812345678"#, #"{"idNumber": 43010219900101123X}"#] {
            do {
                _ = try JSONValue.parse(text)
                Issue.record("parsed \(text)")
            } catch {
                #expect(!error.message.contains("13812345678") && !error.message.contains("43010219900101123"), "\(error.message)")
                #expect(error.message.hasPrefix("not valid JSON: ") && error.message.contains("line 1, column"), "\(error.message)")
            }
        }
        let refused = Result<JobEnvelope, EnvelopeError> { () throws(EnvelopeError) in try JobEnvelope.decode(Array(#"{"id":"j-1","payload":{"phone":"13812345678"#.utf8)) }
        guard case .failure(let error) = refused else { Issue.record("decoded"); return }
        #expect(error.errors.map(\.code) == ["envelope.invalid_json"])
        #expect(!error.errors.map(\.message).joined().contains("13812345678"))
    }
}
