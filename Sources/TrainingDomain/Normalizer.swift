import Foundation

/// Text normalisation applied to every imported cell and identifier before it is checked:
/// Unicode NFKC (full-width digits and letters fold to ASCII, U+3000 becomes a space),
/// then trimming of surrounding whitespace.
///
/// ASCII text and text made only of CJK ideographs and `·` is already in NFKC form, so it
/// skips the Foundation call; this keeps the import hot path cheap.
public enum Normalizer {
    /// NFKC-folds `text` and trims surrounding whitespace (see ``trim(_:)``).
    public static func normalize(_ text: String) -> String {
        // Most cells: stable and nothing to trim, told in one look at the bytes.
        if text.utf8.withContiguousStorageIfAvailable({ isNFKCStable($0) && !mayNeedTrim($0) }) == true { return text }
        if isNFKCStable(text) {
            return trim(text)
        }
        return trim(text.precomposedStringWithCompatibilityMapping)
    }

    /// Removes leading and trailing whitespace: every Unicode `White_Space` scalar
    /// (space, TAB, line breaks, NBSP U+00A0, ideographic space U+3000, …) plus the
    /// invisible U+FEFF (byte-order mark) and U+200B (zero-width space).
    public static func trim(_ text: String) -> String {
        if text.utf8.withContiguousStorageIfAvailable({ !mayNeedTrim($0) }) == true { return text }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmable(scalars[start]) {
            start = scalars.index(after: start)
        }
        while start < end {
            let before = scalars.index(before: end)
            guard isTrimmable(scalars[before]) else { break }
            end = before
        }
        if start == scalars.startIndex && end == scalars.endIndex {
            return text
        }
        return String(scalars[start..<end])
    }

    /// True when the UTF-8 bytes `a` and `b` are equal: canonical equality for NFKC text, without
    /// String's Unicode comparison (costly on CJK, and run on every import row).
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        guard a.utf8.count > 0 else { return true }
        return a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0 }
        }.flatMap { $0 } ?? a.utf8.elementsEqual(b.utf8)
    }

    /// Upper-cases the ASCII letters `a`–`z` and leaves everything else unchanged.
    public static func uppercasingASCII(_ text: String) -> String {
        let hasLower = text.utf8.withContiguousStorageIfAvailable { $0.contains { $0 >= 0x61 && $0 <= 0x7A } }
            ?? text.utf8.contains { $0 >= 0x61 && $0 <= 0x7A }
        guard hasLower else { return text }
        let bytes = text.utf8.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `scalar` is removed by ``trim(_:)`` at either end.
    /// False when the first and last characters are certainly kept: printable ASCII, or a
    /// three-byte character led by `E4`–`E9` (U+4000–U+9FFF, no whitespace there). Every
    /// trimmable scalar starts with an ASCII byte or `C2`, `E1`, `E2`, `E3`, `EF`.
    static func mayNeedTrim(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let plainStart = (first > 0x20 && first < 0x7F) || (first >= 0xE4 && first <= 0xE9)
        let n = bytes.count
        let plainEnd = (last > 0x20 && last < 0x7F) || (n >= 3 && bytes[n - 3] >= 0xE4 && bytes[n - 3] <= 0xE9)
        return !(plainStart && plainEnd)
    }

    /// The `White_Space` scalars are spelled out (Unicode's list is stable) rather than looked
    /// up in the property tables: this runs for every cell of an import.
    static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        case 0x200B, 0xFEFF: return true
        default: return false
        }
    }

    /// True when NFKC cannot change `text`: it holds only ASCII, CJK Unified Ideographs
    /// (incl. Extension A) and U+00B7. Anything else goes through Foundation. Checked on the
    /// UTF-8 bytes: U+00B7 is `C2 B7`, U+3400–U+4DBF and U+4E00–U+9FFF start `E3 90`–`E4 B6`
    /// and `E4 B8`–`E9 BF`.
    static func isNFKCStable(_ text: String) -> Bool {
        if let stable = text.utf8.withContiguousStorageIfAvailable({ isNFKCStable($0) }) { return stable }
        return Array(text.utf8).withUnsafeBufferPointer { isNFKCStable($0) }  // bridged strings only
    }

    static func isNFKCStable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard i + 1 < n else { return false }
            let next = bytes[i + 1]
            switch b {
            case 0xC2 where next == 0xB7: i += 2
            case 0xE3 where next >= 0x90, 0xE4 where next != 0xB7, 0xE5...0xE9: i += 3
            default: return false
            }
        }
        return true
    }
}
