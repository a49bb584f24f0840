/// Every vtctl command, in the order the usage lists them: dispatch and usage text both come from
/// here. A new command is a declaration in its noun's file plus its line in that noun's list.
enum CommandTable {
    static let all: [any VtctlCommand.Type] = ReviewerCommand.commands + ReviewCommand.commands + InstitutionCommand.commands
        + CertificationCommand.commands + EnqueueCommand.commands + StatsCommand.commands + WorkersCommand.commands
        + JobCommand.commands + DeadCommand.commands + InboxCommand.commands + ContactCommand.commands
        + QualificationCommand.commands + TemplateCommand.commands + ImportCommand.commands + ClassCommand.commands + ScoresCommand.commands
        + SubsidyCommand.commands + CertificateCommand.commands

    /// The declaration named by the first words of `words` (a noun, then a verb unless the noun
    /// is a command by itself).
    static func declaration(for words: [String]) throws(UsageError) -> any VtctlCommand.Type {
        guard let noun = words.first else { throw UsageError("a command is required") }
        let group = all.filter { $0.words[0] == noun }
        guard !group.isEmpty else { throw UsageError("unknown command \(noun)") }
        if let whole = group.first(where: { $0.words.count == 1 }) { return whole }
        guard words.count >= 2, !words[1].hasPrefix("-") else { throw UsageError("\(noun): a subcommand is required") }
        guard let found = group.first(where: { $0.words[1] == words[1] }) else {
            throw UsageError("unknown subcommand \(noun) \(words[1]) (\(group.map { $0.words[1] }.joined(separator: ", ")))")
        }
        return found
    }

    /// `vtctl --help`: the global options, every declaration's usage, the environment and exit codes.
    static var usage: String {
        let header = "usage: vtctl [--redis-url URL] [--prefix PREFIX] [--json] COMMAND"
        let footer = [
            "--json (anywhere) prints JSON; the input of certification submit, qualification apply and enqueue is --file FILE",
            "  (--json FILE there is the deprecated spelling of --file FILE, accepted with a warning until the next release)",
            "environment: VT_REDIS_URL (default redis://127.0.0.1:6379/0), VT_PREFIX (default vt);",
            "  with Sentinel: VT_REDIS_SENTINELS (host:port,…), VT_REDIS_MASTER_NAME (default mymaster), VT_REDIS_SENTINEL_PASSWORD",
            "exit codes: 0 done, 1 error, 2 usage, 3 rejected, 4 dead, 5 no result before the timeout",
        ]
        return ([header] + all.flatMap { $0.usage.map { "  " + $0 } } + footer).joined(separator: "\n")
    }
}
