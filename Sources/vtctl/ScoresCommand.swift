import ImportWorkflow
import JobQueue
import Training
import TrainingDomain

/// `vtctl scores set|import|report`: a clerk's scores (录入成绩) by hand (`scores.recorded`), from
/// a filled-in scores template (`scores.imported`, uploaded as `vtctl import run` uploads a
/// roster), and a scores import's report.
enum ScoresCommand {
    static let commands: [any VtctlCommand.Type] = [SetScores.self, Import.self, Report.self]

    /// `scores set CLASS --id ID --theory X --practical Y | --file FILE`: `scores.recorded`.
    struct SetScores: VtctlCommand {
        var classId: String
        var institutionId: String?
        /// The `scores` array: `[{"idNumber", "theory", "practical"}]`.
        var scores: PayloadInput
        var timeoutSeconds: Int

        static let words = ["scores", "set"]
        static let usage = [
            "scores set CLASS --id ID --theory X --practical Y [--institution I] [--timeout SECONDS]   理论成绩 and 实操成绩, 0-100",
            "           (or --file FILE: a JSON array of {idNumber, theory, practical}, several students)",
        ]
        static let options = OptionNames(values: ["id", "theory", "practical", "institution", "file", "timeout"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let classId = try args.positionals(["CLASS"])[0]
            let scores = try PayloadInput.parse(args, optionNames: ["id", "theory", "practical"]) { () throws(UsageError) -> JSONValue in
                [["idNumber": .string(try args.required("id")), "theory": score(try args.required("theory")),
                  "practical": score(try args.required("practical"))]]
            }
            return SetScores(classId: classId, institutionId: args.values["institution"], scores: scores,
                       timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        /// A score read as a scores file's cell is (`85`, `85.5`, full-width digits) as a JSON
        /// number; otherwise what makes the decoder refuse it with the cell's code: empty as null
        /// (`score.missing`), a plain decimal as the number (`85.005`: `score.format`; `-5`, `101`:
        /// `score.range`), anything else as the text (`九十`, `1e2`: `score.format`).
        static func score(_ text: String) -> JSONValue {
            switch Score.parse(text) {
            case .success(let score): return .number(score.value)
            case .failure(.missing): return .null
            case .failure:
                let plainDecimal = !text.isEmpty && text.allSatisfy { "0123456789.-".contains($0) }
                return plainDecimal ? PayloadInput.number(text) : .string(text)
            }
        }

        func run(_ s: Session) throws -> ExitCode {
            try CheckedJob.submit(s, classId: classId, institutionId: institutionId, field: "scores", input: scores, type: ScoresPayload.type,
                                  decode: ScoresPayload.decode, encode: \.json, kind: "scores", timeoutSeconds: timeoutSeconds)
        }
    }

    /// `scores import CLASS --file F …`: uploads the filled-in scores template and imports it.
    struct Import: VtctlCommand {
        /// What `import run` takes; its job is `scores.imported` on the training queue.
        var upload: ImportCommand.Run

        static let words = ["scores", "import"]
        static let usage = [
            "scores import CLASS --file F [--mode all_or_nothing|accept_valid] [--format auto|csv|xlsx] [--institution I]",
            "           [--import-id ID] [--timeout SECONDS]   upload the scores template, import, wait, report",
        ]
        static let options = OptionNames(values: ["institution", "file", "mode", "format", "import-id", "timeout"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let classId = try args.positionals(["CLASS"])[0]
            var run = args
            run.positionals = []
            run.values["class"] = classId
            return Import(upload: try ImportCommand.Run.parse(run))
        }

        func run(_ s: Session) throws -> ExitCode {
            try ImportCommand.runImport(s, upload, type: ScoresImportPayload.type, queue: TrainingKeys.queueName)
        }
    }

    /// `scores report IMPORT_ID [--errors N] [--errors-out FILE]`: as `import report`.
    struct Report: VtctlCommand {
        var report: ImportCommand.Report

        static let words = ["scores", "report"]
        static let usage = ["scores report IMPORT_ID [--errors N] [--errors-out FILE.xlsx|FILE.csv]   a scores import's report and error report"]
        static let options = ImportCommand.Report.options

        static func parse(_ args: Arguments) throws(UsageError) -> Self { Report(report: try ImportCommand.Report.parse(args)) }

        func run(_ s: Session) throws -> ExitCode { try report.run(s) }
    }
}
