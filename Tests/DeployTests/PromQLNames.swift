import Foundation
import JobQueue

/// The metric names that deploy/'s PromQL reads: the Grafana dashboards' queries and the alert
/// rules' expressions, without a PromQL or YAML library.
enum PromQLNames {
    /// The repository's deploy/ directory.
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")

    /// Words that are not metric names: operators, keywords and aggregations (functions are
    /// recognised by the parenthesis that follows them).
    static let keywords: Set<String> = [
        "and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
        "limitk", "limit_ratio",
    ]
    /// Words followed by a list of label names, not of expressions.
    static let labelLists: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right"]

    /// The metric names `expr` selects: identifiers outside strings, label matchers `{…}`, ranges
    /// `[…]`, label lists (`by (…)`, `on (…)`, …) and Grafana variables (`$queue`,
    /// `${datasource}`), that are neither keywords nor functions nor numbers.
    static func metricNames(in expr: String) -> Set<String> {
        let chars = Array(expr.unicodeScalars)
        var names: Set<String> = []
        var i = 0
        func isStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c == ":" || CharacterSet.letters.contains(c) && c.isASCII }
        func isPart(_ c: Unicode.Scalar) -> Bool { isStart(c) || ("0"..."9").contains(c) }
        func skip(to close: Unicode.Scalar) {
            while i < chars.count && chars[i] != close { i += chars[i] == "\\" ? 2 : 1 }
            i += 1
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\"", "'", "`":
                i += 1; skip(to: c)
            case "{":
                i += 1; skip(to: "}")
            case "[":
                i += 1; skip(to: "]")
            case "$":
                i += 1
                if i < chars.count, chars[i] == "{" { i += 1; skip(to: "}") } else { while i < chars.count, isPart(chars[i]) { i += 1 } }
            case "0"..."9", ".":
                while i < chars.count, isPart(chars[i]) || chars[i] == "." { i += 1 }
            default:
                guard isStart(c) else { i += 1; continue }
                let start = i
                while i < chars.count, isPart(chars[i]) { i += 1 }
                let word = String(String.UnicodeScalarView(chars[start..<i]))
                var j = i
                while j < chars.count, chars[j] == " " || chars[j] == "\n" || chars[j] == "\t" { j += 1 }
                let call = j < chars.count && chars[j] == "("
                if labelLists.contains(word), call {
                    i = j + 1; skip(to: ")")
                } else if !call, !keywords.contains(word) {
                    names.insert(word)
                }
            }
        }
        return names
    }

    /// The `expr:` values of a Prometheus rule file (plain, quoted or block scalars), and the
    /// names its `record:` rules define.
    static func ruleFile(_ text: String) -> (expressions: [String], recorded: Set<String>) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indent(_ s: String) -> Int { s.prefix(while: { $0 == " " }).count }
        var expressions: [String] = []
        var recorded: Set<String> = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            var trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- ") { trimmed = String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            if trimmed.hasPrefix("record:") {
                recorded.insert(unquote(String(trimmed.dropFirst("record:".count))))
            } else if trimmed.hasPrefix("expr:") {
                let value = String(trimmed.dropFirst("expr:".count)).trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("|") || value.hasPrefix(">") {
                    var block: [String] = []
                    while i + 1 < lines.count, lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty || indent(lines[i + 1]) > indent(line) {
                        i += 1; block.append(lines[i])
                    }
                    expressions.append(block.joined(separator: "\n"))
                } else {
                    expressions.append(unquote(value))
                }
            }
            i += 1
        }
        return (expressions, recorded)
    }

    static func unquote(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, let f = t.first, f == t.last, f == "\"" || f == "'" { return String(t.dropFirst().dropLast()) }
        return t
    }

    /// Every query of a Grafana dashboard: its panels' (and collapsed rows' panels') targets, and
    /// the selectors of its `label_values(SELECTOR, LABEL)` variables.
    static func dashboardQueries(_ data: [UInt8]) throws -> [String] {
        let dashboard = try JSONValue.parse(data)
        var out: [String] = []
        func panels(_ list: [JSONValue]) {
            for p in list {
                for t in p["targets"]?.arrayValue ?? [] { if let e = t["expr"]?.stringValue { out.append(e) } }
                panels(p["panels"]?.arrayValue ?? [])
            }
        }
        panels(dashboard["panels"]?.arrayValue ?? [])
        for v in dashboard["templating"]?["list"]?.arrayValue ?? [] {
            let query = v["query"]?["query"]?.stringValue ?? v["query"]?.stringValue ?? ""
            if v["type"]?.stringValue == "query", let r = query.range(of: #"^\s*label_values\((.+),\s*\w+\)\s*$"#, options: .regularExpression) {
                let inner = query[r].drop(while: { $0 != "(" }).dropFirst()
                out.append(String(inner[..<(inner.lastIndex(of: ",") ?? inner.endIndex)]))
            }
        }
        return out
    }

    /// The metric names a Prometheus text exposition has samples of.
    static func sampleNames(_ exposition: String) -> Set<String> {
        Set(exposition.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix("#"), let end = line.firstIndex(where: { $0 == "{" || $0 == " " }) else { return nil }
            return String(line[..<end])
        })
    }
}
