/// The old spelling of a command's input file, `--json FILE`, from when `--json` meant both
/// "print JSON" and "read this JSON file". It is accepted for one more release on the commands
/// that read a file (`certification submit`, `qualification apply`, `enqueue`), with a warning.
///
/// Not ambiguous: those commands take no positional argument, so a word after `--json` that is
/// not an option (`-` included: standard input) can only be the file; `--json` followed by an
/// option or by nothing is the output flag, as everywhere.
enum DeprecatedJSONFile {
    /// `tail` with each `--json FILE` (or `--json=FILE`) turned into `--file FILE`; nil when
    /// there is none. Words after a lone `--` are left alone.
    static func rewrite(_ tail: [String]) -> [String]? {
        var out: [String] = []
        var changed = false
        var i = 0
        while i < tail.count {
            let arg = tail[i]
            if arg == "--" {
                out += tail[i...]
                break
            }
            if arg == "--json", i + 1 < tail.count, !tail[i + 1].hasPrefix("--") {
                out += ["--file", tail[i + 1]]
                changed = true
                i += 2
                continue
            }
            if arg.hasPrefix("--json=") {
                out.append("--file=" + arg.dropFirst("--json=".count))
                changed = true
            } else {
                out.append(arg)
            }
            i += 1
        }
        return changed ? out : nil
    }

    /// The warning for standard error.
    static func warning(_ words: [String]) -> String {
        let command = words.joined(separator: " ")
        return "\(command) --json FILE is deprecated and goes in the next release: use \(command) --file FILE (--json now only asks for JSON output)"
    }
}
