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
        if isNFKCStable(text) {
            return trim(text)
        }
        return trim(text.precomposedStringWithCompatibilityMapping)
    }

    /// Removes leading and trailing whitespace: every Unicode `White_Space` scalar
    /// (space, TAB, line breaks, NBSP U+00A0, ideographic space U+3000, …) plus the
    /// invisible U+FEFF (byte-order mark) and U+200B (zero-width space).
    public static func trim(_ text: String) -> String {
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

    /// Upper-cases the ASCII letters `a`–`z` and leaves everything else unchanged.
    public static func uppercasingASCII(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return text }
        let bytes = text.utf8.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `scalar` is removed by ``trim(_:)`` at either end.
    static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return value == 0x20 || (value >= 0x09 && value <= 0x0D)
        }
        return value == 0xFEFF || value == 0x200B || scalar.properties.isWhitespace
    }

    /// True when NFKC cannot change `text`: it holds only ASCII, CJK Unified Ideographs
    /// (incl. Extension A) and U+00B7. Anything else goes through Foundation.
    static func isNFKCStable(_ text: String) -> Bool {
        if !text.utf8.contains(where: { $0 >= 0x80 }) {
            return true
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 || value == 0xB7 { continue }
            if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) { continue }
            return false
        }
        return true
    }
}
