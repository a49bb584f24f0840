/// Text escaped for the XML parts the writer produces.
enum XMLText {
    /// `text` escaped for an element or a double-quoted attribute. Characters XML 1.0 forbids
    /// (control characters other than tab, LF, CR) are dropped.
    static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case 0x09, 0x0A, 0x0D: bytes.append(byte)
            case 0x00..<0x20: continue
            default: bytes.append(byte)
            }
        }
    }

    /// A `<t>` element holding `text`, marked to keep its spaces when it starts or ends with one.
    static func appendTextElement(_ text: String, to bytes: inout [UInt8]) {
        let keepsSpaces = isSpace(text.unicodeScalars.first) || isSpace(text.unicodeScalars.last)
        bytes.append(contentsOf: (keepsSpaces ? "<t xml:space=\"preserve\">" : "<t>").utf8)
        append(text, to: &bytes)
        bytes.append(contentsOf: "</t>".utf8)
    }

    /// White space at a text's edge (scalar properties: cheaper than `Character`'s, on every cell).
    private static func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar.isASCII ? (0x09...0x0D).contains(scalar.value) || scalar.value == 0x20 : scalar.properties.isWhitespace
    }
}
