import Foundation

/// Looks through log files for what DESIGN.md says a log never holds: a full resident ID number
/// (18 characters), a full mainland mobile number (11 digits) or a secret (the Redis password,
/// the SMS gateway key). Masked forms (`4301**********123X`, `138****5678`) do not match.
///
/// Numbers are found in the forms people write them in: full-width digits (`１３８…`), a `+86`,
/// `0086` or `86` prefix, and digits in groups split by spaces or dashes (`138-0731-1234`,
/// `4301 0219 9001 0112 38`). This is the test's own matcher (regular expressions over the line),
/// not the workers' `PIIMasker`.
struct LogLeakScanner {
    /// The secrets of the run, found anywhere in a line.
    let secrets: [String]

    private static let patterns: [(String, NSRegularExpression)] = [
        ("ID number", try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")),
        ("mobile number", try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")),
        ("mobile number", try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])(?:\\+?86|0086)[ -]?1[3-9][0-9]{9}(?![0-9A-Za-z])")),
    ]
    /// Runs of digits joined by one to three spaces or dashes (an `X` may end the last).
    private static let groups = try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])[0-9]+(?:[ -]{1,3}[0-9]+)+[Xx]?(?![0-9A-Za-z])")

    /// Each leak as `file:line: what` with the leaked text masked, so the report leaks nothing itself.
    func leaks(in files: [URL]) -> [String] {
        var found: [String] = []
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = Self.folded(String(line))
                for secret in secrets where s.contains(secret) { found.append("\(file.lastPathComponent):\(number + 1): a secret") }
                for (what, hit) in Self.hits(in: s) {
                    found.append("\(file.lastPathComponent):\(number + 1): \(what) \(hit.prefix(3))…\(hit.suffix(2)) in "
                        + s.replacingOccurrences(of: hit, with: "<\(what)>").prefix(160))
                }
            }
        }
        return found
    }

    /// The ID and mobile numbers in a folded line, each with what it is.
    static func hits(in s: String) -> [(String, String)] {
        var hits: [(String, String)] = []
        let range = NSRange(s.startIndex..., in: s)
        for (what, regex) in patterns {
            for m in regex.matches(in: s, range: range) { hits.append((what, String(s[Range(m.range, in: s)!]))) }
        }
        for m in groups.matches(in: s, range: range) {
            let chain = String(s[Range(m.range, in: s)!])
            if let what = groupedNumber(in: chain) { hits.append((what, chain)) }
        }
        return hits
    }

    /// The first two digits of an ID number (GB 11643 province codes).
    static let provinces: Set<String> = Set([11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71...71, 81...82].flatMap { $0.map(String.init) })

    /// What a run of digit groups holds, if any run of two or more of its whole groups is an ID
    /// number (17 digits and a digit or `X`, starting with a province code) or a mobile number
    /// (`1[3-9]` and 9 digits, perhaps after `86` or `0086`).
    static func groupedNumber(in chain: String) -> String? {
        let parts = chain.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        for first in parts.indices {
            var digits = parts[first]
            for next in parts[(first + 1)...] {
                digits += next
                if digits.count == 18, digits.dropLast().allSatisfy(\.isWholeNumber), provinces.contains(String(digits.prefix(2))) {
                    return "ID number"
                }
                for prefix in ["", "86", "0086"] where digits.hasPrefix(prefix) && isMobile(digits.dropFirst(prefix.count)) {
                    return "mobile number"
                }
            }
        }
        return nil
    }

    /// True for `1[3-9]` and nine more digits.
    static func isMobile(_ digits: Substring) -> Bool {
        digits.count == 11 && digits.allSatisfy(\.isWholeNumber) && digits.first == "1" && "3456789".contains(digits.dropFirst().first!)
    }

    /// `line` with full-width digits, `Ｘ`, `＋` and dashes, and the no-break and ideographic spaces,
    /// turned into their ASCII forms.
    static func folded(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: { $0.value >= 0xA0 }) else { return line }
        var out = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19, 0xFF38, 0xFF58, 0xFF0B, 0xFF0D: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0xA0, 0x3000: out.append(" ")
            case 0x2010, 0x2011, 0x2013: out.append("-")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The check of a run's logs.
    func check(_ files: [URL]) -> ChaosCheck {
        var check = ChaosCheck(name: "no unmasked ID number, mobile number or secret in any worker log")
        let leaks = leaks(in: files)
        check.failures = Array(leaks.prefix(20)) + (leaks.count > 20 ? ["… \(leaks.count - 20) more"] : [])
        let lines = files.map { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").split(separator: "\n").count }.reduce(0, +)
        check.figures = "\(files.count) log files, \(lines) lines scanned"
        return check
    }
}
