/// The short hash that keeps a derived id (a notification id, a follow-up job id) within the
/// contract's 64 characters: 64-bit FNV-1a, stable across processes and releases, so a re-run
/// derives the same id.
public enum ShortID {
    /// FNV-1a (64 bit) of `text`'s UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// `fnv1a(text)` in lower-case hex; `padded` to 16 digits with leading zeros.
    public static func hex(_ text: String, padded: Bool) -> String {
        let hex = String(fnv1a(text), radix: 16)
        return padded ? String(repeating: "0", count: 16 - hex.count) + hex : hex
    }
}
