/// One vtctl command, declared once: the words that name it, its usage line(s), the options it
/// takes, how its arguments parse (pure, so every command line is unit-tested) and how it runs.
/// `CommandTable.all` lists the declarations; the usage text and the dispatch come from that list.
protocol VtctlCommand: Sendable, Equatable {
    /// The words that name it: a noun and a verb (`["reviewer", "add"]`), or a noun alone for a
    /// command without a verb (`["stats"]`).
    static var words: [String] { get }
    /// Its usage line(s), starting with its words; a continuation line is indented under them.
    static var usage: [String] { get }
    /// The options it takes. `--json`, the output flag, is always allowed.
    static var options: OptionNames { get }
    /// True for a command that reads a JSON document from `--file FILE` and still accepts the
    /// deprecated `--json FILE` for it (see `DeprecatedJSONFile`).
    static var readsJSONFile: Bool { get }
    /// True for a command that does its work without Redis when Redis cannot be reached (an
    /// offline check): it runs with a connection that is not open, whose commands throw.
    static var worksWithoutRedis: Bool { get }
    /// The command from the arguments after its words. Pure: no I/O.
    static func parse(_ args: Arguments) throws(UsageError) -> Self
    /// Runs it; the exit code.
    func run(_ s: Session) throws -> ExitCode
}

extension VtctlCommand {
    static var options: OptionNames { OptionNames() }
    static var readsJSONFile: Bool { false }
    static var worksWithoutRedis: Bool { false }
}

/// The option names of one command: `--name value` options, `--flag`s and repeatable
/// `--name value` options (without the dashes).
struct OptionNames: Sendable, Equatable {
    var values: Set<String> = []
    var flags: Set<String> = []
    var lists: Set<String> = []
}
