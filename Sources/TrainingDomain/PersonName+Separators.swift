extension PersonName {
    /// The dots people type between the parts of a name instead of the middle dot `·`
    /// (U+00B7): `•` U+2022, `‧` U+2027, `・` U+30FB, `･` U+FF65 and `.` (NFKC has already
    /// turned `．` U+FF0E into `.`, `･` into `・` and the Greek ano teleia into `·`), and `·`
    /// itself.
    static func isSeparatorDot(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xB7, 0x2E, 0x2022, 0x2027, 0x30FB, 0xFF65: return true
        default: return false
        }
    }

    /// Replaces each dot between two name parts, with any spaces around it, by `·`:
    /// `买买提•艾力`, `买买提.艾力` and `买买提 · 艾力` become `买买提·艾力`. A dot that does not
    /// stand between two ideographs (leading, trailing, doubled, next to a digit) is left
    /// as it is, so the name stays invalid. Text without such a dot is returned unchanged.
    static func foldingSeparators(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isSeparatorDot($0) && $0.value != 0xB7 || $0 == " " }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == " " || isSeparatorDot(scalars[i]) else {
                out.append(scalars[i])
                i += 1
                continue
            }
            var dot = i
            while dot < scalars.count, scalars[dot] == " " { dot += 1 }
            var end = dot < scalars.count && isSeparatorDot(scalars[dot]) ? dot + 1 : dot
            while end > dot, end < scalars.count, scalars[end] == " " { end += 1 }
            if end > dot, i > 0, isIdeograph(scalars[i - 1]), end < scalars.count, isIdeograph(scalars[end]) {
                out.append("\u{B7}")
            } else {
                out.append(contentsOf: scalars[i..<max(end, i + 1)])
            }
            i = max(end, i + 1)
        }
        return String(out)
    }
}
