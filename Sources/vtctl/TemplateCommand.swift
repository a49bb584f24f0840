import ImportScan
import ImportWorkflow

/// `vtctl template students`: the student import template (.xlsx or CSV).
enum TemplateCommand {
    static let commands: [any VtctlCommand.Type] = [Students.self]

    static let formats = ["xlsx", "csv"]

    /// `template students [--format xlsx|csv] [--out FILE]`: standard output unless `--out`.
    struct Students: VtctlCommand {
        var format: String
        var out: String?

        static let words = ["template", "students"]
        static let usage = ["template students [--format xlsx|csv] [--out FILE]   the import template (stdout unless --out)"]
        static let options = OptionNames(values: ["format", "out"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            let format = args.values["format"] ?? "xlsx"
            guard formats.contains(format) else { throw UsageError("--format must be \(formats.joined(separator: " or "))") }
            return Students(format: format, out: args.values["out"])
        }

        func run(_ s: Session) throws -> ExitCode {
            s.write(format == "xlsx" ? StudentTemplate.xlsx() : StudentTemplate.csv(), to: out) ? .ok : .error
        }
    }
}
