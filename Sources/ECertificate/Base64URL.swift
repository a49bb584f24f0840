import Foundation

/// base64url (RFC 4648 §5) without padding, as the QR text uses it. Decoding is strict: only the
/// alphabet `A–Z a–z 0–9 - _`, no `=`, and the unused bits of the last character zero, so that
/// every byte string has exactly one text and a changed character never decodes to the same bytes.
public enum Base64URL {
    /// The unpadded base64url text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// The bytes of canonical unpadded base64url `text`, or nil.
    public static func decode(_ text: Substring) -> [UInt8]? {
        guard text.count % 4 != 1, text.utf8.allSatisfy(isAlphabet) else { return nil }
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        guard let data = Data(base64Encoded: standard) else { return nil }
        let bytes = [UInt8](data)
        return encode(bytes) == text ? bytes : nil
    }

    /// Whether `byte` is one of base64url's 64 characters.
    private static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
