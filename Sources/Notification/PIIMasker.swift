import TrainingDomain

/// Masks personal data inside free text, as DESIGN.md requires for everything an institution
/// reads (inbox, SMS, DingTalk, webhook) and every log line: an ID number becomes
/// `4301**********123X`, a mainland mobile number `138****5678`.
///
/// It finds them in the forms people write them in. Digits may be full-width (`１３８…`).
/// - ID number: 18 characters (17 digits and a digit or `X`) or the old 15 digits in one run;
///   or 18 characters in groups split by spaces or dashes, as 6-8-4 (`430102 19900101 123X`),
///   6-4-4-4, 4-4-4-4-2 (`4301 0219 9001 0112 38`) or 3-3-4-4-4, starting with a province code.
/// - Mobile number: 11 digits starting with `1` in one run; or `1[3-9]…` grouped 3-4-4
///   (`138-0731-1234`, `138 0731 1234`) or 3-8; a `+86`, `0086` or `86` prefix stays
///   visible (`+86 138****1234`, `0086138****5678`).
///
/// The masks are written in ASCII with an upper-case `X`. Any other run of digits is left as
/// it is: a 19-digit number, dates (`2026-12-06`), amounts, revisions, six-digit region codes,
/// landlines (`0731-88881234`).
public enum PIIMasker {
    /// Group sizes of an ID number written in parts.
    static let idShapes: [[Int]] = [[6, 8, 4], [6, 4, 4, 4], [4, 4, 4, 4, 2], [3, 3, 4, 4, 4]]
    /// Group sizes of a mobile number written in parts.
    static let phoneShapes: [[Int]] = [[3, 4, 4], [3, 8]]

    /// `text` with every ID number and mobile number masked.
    public static func mask(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { DigitGroup.asciiDigit($0) != nil }) else { return text }
        let scalars = Array(text.unicodeScalars)
        let groups = DigitGroup.scan(scalars)
        var out = String.UnicodeScalarView()
        var copied = 0
        var g = 0
        while g < groups.count {
            guard let (count, masked) = match(groups[g...], in: scalars) else {
                g += 1
                continue
            }
            out.append(contentsOf: scalars[copied..<groups[g].start])
            out.append(contentsOf: masked.unicodeScalars)
            copied = groups[g + count - 1].end
            g += count
        }
        out.append(contentsOf: scalars[copied...])
        return String(out)
    }

    /// The number of groups from `groups.first` that make an ID or mobile number, and its mask.
    static func match(_ groups: ArraySlice<DigitGroup>, in scalars: [Unicode.Scalar]) -> (Int, String)? {
        for shape in idShapes {
            if let digits = joined(groups, shape: shape, in: scalars), isProvinceStart(digits) {
                return (shape.count, ResidentIDNumber.mask(String(decoding: digits, as: UTF8.self)))
            }
        }
        for shape in phoneShapes {
            if let digits = joined(groups, shape: shape, in: scalars), !digits.contains(UInt8(ascii: "X")), isMobileStart(digits) {
                return (shape.count, MobilePhone.mask(String(decoding: digits, as: UTF8.self)))
            }
        }
        let run = groups[groups.startIndex]
        // An `X` belongs to the run only as the 18th character of an ID number; else it stays.
        if run.hasX && run.digits.count != 18 {
            return maskedRun(run.digits.dropLast()).map { (1, $0 + String(scalars[run.end - 1])) }
        }
        return maskedRun(run.digits[...]).map { (1, $0) }
    }

    /// The mask of a single run's `digits`, or nil when they are no ID or mobile number.
    static func maskedRun(_ digits: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: digits, as: UTF8.self)
        switch digits.count {
        case 18: return ResidentIDNumber.mask(text)
        case 15 where text.hasPrefix("0086") && isMobileStart(digits.dropFirst(4)):
            return "0086" + MobilePhone.mask(String(text.dropFirst(4)))
        case 15: return ResidentIDNumber.mask(text)
        case 13 where text.hasPrefix("86") && isMobileStart(digits.dropFirst(2)):
            return "86" + MobilePhone.mask(String(text.dropFirst(2)))
        case 11 where digits.first == UInt8(ascii: "1"): return MobilePhone.mask(text)
        default: return nil
        }
    }

    /// The digits of the groups from `groups.first` when they have exactly the sizes of
    /// `shape`, only separators between them, and an `X` at most at the very end.
    static func joined(_ groups: ArraySlice<DigitGroup>, shape: [Int], in scalars: [Unicode.Scalar]) -> [UInt8]? {
        guard groups.count >= shape.count else { return nil }
        var digits: [UInt8] = []
        var previous: DigitGroup?
        for (group, size) in zip(groups, shape) {
            guard group.digits.count == size else { return nil }
            if let previous {
                guard !previous.hasX, previous.isJoined(to: group, in: scalars) else { return nil }
            }
            digits += group.digits
            previous = group
        }
        return digits
    }

    /// True when the first two digits are a province code (`43` …).
    static func isProvinceStart(_ digits: [UInt8]) -> Bool {
        digits.count >= 2 && ResidentIDNumber.provincePrefixes.contains(String(decoding: digits.prefix(2), as: UTF8.self))
    }

    /// True for `1[3-9]` followed by nine digits.
    static func isMobileStart(_ digits: some Collection<UInt8>) -> Bool {
        guard digits.count == 11, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let second = digits[digits.index(after: digits.startIndex)]
        return digits.first == UInt8(ascii: "1") && second >= UInt8(ascii: "3")
    }
}
