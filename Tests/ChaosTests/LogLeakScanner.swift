import Foundation

/// Looks through log files for what DESIGN.md says a log never holds: a full resident ID number
/// (18 characters), a full mainland mobile number (11 digits) or a secret (the Redis password,
/// the SMS gateway key). Masked forms (`4301**********123X`, `138****5678`) do not match.
struct LogLeakScanner {
    /// The secrets of the run, found anywhere in a line.
    let secrets: [String]

    private static let patterns: [(String, NSRegularExpression)] = [
        ("ID number", try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")),
        ("mobile number", try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")),
    ]

    /// Each leak as `file:line: what` with the leaked text masked, so the report leaks nothing itself.
    func leaks(in files: [URL]) -> [String] {
        var found: [String] = []
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = String(line)
                for secret in secrets where s.contains(secret) { found.append("\(file.lastPathComponent):\(number + 1): a secret") }
                for (what, regex) in Self.patterns {
                    for m in regex.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                        let hit = String(s[Range(m.range, in: s)!])
                        found.append("\(file.lastPathComponent):\(number + 1): \(what) \(hit.prefix(3))…\(hit.suffix(2)) in \(s.prefix(160))"
                            .replacingOccurrences(of: hit, with: "<\(what)>"))
                    }
                }
            }
        }
        return found
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
