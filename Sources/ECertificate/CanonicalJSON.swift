/// The canonical JSON the certificate's signature covers: one object whose values are strings
/// or integers, written so that equal objects give equal bytes.
///
/// - UTF-8, no byte order mark; no whitespace anywhere (`{"a":1,"b":"x"}`).
/// - Keys sorted by their UTF-8 bytes (the keys are ASCII, so this is also RFC 8785's order),
///   each key once.
/// - Strings: `"` and `\` escaped as `\"` and `\\`; U+0008, U+0009, U+000A, U+000C, U+000D as
///   `\b`, `\t`, `\n`, `\f`, `\r`; the other characters below U+0020 as `\u00xx` (lower-case hex);
///   every other character, `/` and all non-ASCII text included, written as itself in UTF-8.
///   No Unicode normalisation: the text is signed as given.
/// - Integers in decimal: `-` for a negative one, no `+`, no leading zeros, no fraction or
///   exponent.
///
/// For objects of strings and integers this is exactly RFC 8785 (JSON Canonicalization Scheme).
public enum CanonicalJSON {
    /// A value of the object: a string or an integer.
    public enum Value: Sendable, Hashable {
        /// A JSON string.
        case string(String)
        /// A JSON integer.
        case integer(Int)
    }

    /// The canonical bytes of `object`.
    public static func encode(_ object: [String: Value]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        let keys = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch object[key]! {
            case .string(let text): appendString(text, to: &out)
            case .integer(let number): out += String(number).utf8
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends `text` as a JSON string with the escapes above.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
