/// One run of digits in a text, as ``PIIMasker`` sees it: ASCII or full-width digits
/// (`０`–`９`), with an `X` check character (`X`, `x`, `Ｘ`, `ｘ`) right after them kept as part
/// of the run. ``digits`` is the run folded to ASCII, the `X` upper-case.
struct DigitGroup {
    /// Index of the run's first scalar in the scanned text.
    let start: Int
    /// Index just past the run's last scalar (its `X`, if any).
    let end: Int
    /// The run folded to ASCII digits, plus `X` when the run ends with one.
    let digits: [UInt8]

    /// True when the run ends with an `X`.
    var hasX: Bool { digits.last == UInt8(ascii: "X") }

    /// The runs of `scalars`, in order.
    static func scan(_ scalars: [Unicode.Scalar]) -> [DigitGroup] {
        var groups: [DigitGroup] = []
        var i = 0
        while i < scalars.count {
            guard asciiDigit(scalars[i]) != nil else { i += 1; continue }
            let start = i
            var digits: [UInt8] = []
            while i < scalars.count, let digit = asciiDigit(scalars[i]) {
                digits.append(digit)
                i += 1
            }
            if i < scalars.count, isX(scalars[i]) {
                digits.append(UInt8(ascii: "X"))
                i += 1
            }
            groups.append(DigitGroup(start: start, end: i, digits: digits))
        }
        return groups
    }

    /// True when only separators stand between `self` and the next group `next`: one to three
    /// spaces (incl. NBSP and the ideographic space U+3000) or dashes (`-`, `－`, `‐`, `‑`, `–`).
    func isJoined(to next: DigitGroup, in scalars: [Unicode.Scalar]) -> Bool {
        let gap = next.start - end
        return (1...3).contains(gap) && scalars[end..<next.start].allSatisfy(Self.isSeparator)
    }

    /// The ASCII digit of `scalar`, for `0`–`9` and `０`–`９`.
    static func asciiDigit(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: return UInt8(scalar.value)
        case 0xFF10...0xFF19: return UInt8(scalar.value - 0xFF10 + 0x30)
        default: return nil
        }
    }

    static func isX(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x58, 0x78, 0xFF38, 0xFF58: return true
        default: return false
        }
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0xA0, 0x3000, 0x2D, 0xFF0D, 0x2010, 0x2011, 0x2013: return true
        default: return false
        }
    }
}
