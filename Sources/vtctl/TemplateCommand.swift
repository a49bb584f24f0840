import ClassQueries
import ImportScan
import ImportWorkflow
import RedisClient
import Training

/// `vtctl template students`: the student import template; `vtctl template scores`: a class's
/// scores template prefilled with its roster (.xlsx or CSV).
enum TemplateCommand {
    static let commands: [any VtctlCommand.Type] = [Students.self, Scores.self]

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

    /// `template scores --class C [--format xlsx|csv] [--out FILE]`: the class's roster with empty
    /// score columns; standard output unless `--out`. Exit 1 for an unknown class.
    struct Scores: VtctlCommand {
        var classId: String
        var format: String
        var out: String?

        static let words = ["template", "scores"]
        static let usage = ["template scores --class C [--format xlsx|csv] [--out FILE]   the class's scores template, prefilled with its roster"]
        static let options = OptionNames(values: ["class", "format", "out"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            guard let classId = args.values["class"] else { throw UsageError("template scores needs --class CLASS_ID") }
            let format = args.values["format"] ?? "xlsx"
            guard formats.contains(format) else { throw UsageError("--format must be \(formats.joined(separator: " or "))") }
            return Scores(classId: classId, format: format, out: args.values["out"])
        }

        func run(_ s: Session) throws -> ExitCode {
            let lookup = ClassQuery.record(classId: classId, keys: s.keys.queue)
            let roster = ClassQuery.roster(classId: classId, keys: s.keys.queue)
            let replies = try s.connection.pipeline([lookup.command, roster.command])
            guard try lookup.answer(replies[0]).record != nil else {
                s.err("no class \(classId)")
                return .error
            }
            let students = try roster.answer(replies[1])
            return s.write(format == "xlsx" ? ScoresTemplate.xlsx(students) : ScoresTemplate.csv(students), to: out) ? .ok : .error
        }
    }
}
