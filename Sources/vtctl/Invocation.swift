/// Where vtctl connects and how it prints: `VT_REDIS_URL`, `VT_PREFIX`, overridden by
/// `--redis-url`, `--prefix`; `--json` (or `--output json`) for machine-readable output.
struct GlobalOptions: Equatable {
    var redisURL = "redis://127.0.0.1:6379/0"
    var prefix = "vt"
    var json = false
}

/// One vtctl command, fully parsed.
enum Command: Equatable {
    case help
    case reviewerAdd(reviewerId: String, departmentId: String, name: String?)
    case reviewerList(departmentId: String?)
    case reviewerRemove(reviewerId: String)
    case reviewList(departmentId: String)
    case reviewDecide(DecideOptions)
    case institutionShow(institutionId: String)
    case certificationSubmit(file: String, timeoutSeconds: Int)
    case ops(OperatorCommand)
    case enqueue(EnqueueCommand.Options)
    case inboxList(institutionId: String, unread: Bool, limit: Int)
    case inboxRead(institutionId: String, entryId: String?)
    case contactSet(institutionId: String, ContactUpdate)
    case contactShow(institutionId: String)
    case qualificationReviewList(departmentId: String)
    case qualificationDecide(QualificationDecideOptions)
    case qualificationList(institutionId: String)
    case qualificationExpiring(withinMs: Int64, departmentId: String?)
    case qualificationApply(file: String, timeoutSeconds: Int)
    case importCommand(ImportCommand)
}

/// `review decide --kind qualification`'s options; `items` for `partial`:
/// `occupation:level=approve|reject` separated by commas.
struct QualificationDecideOptions: Equatable {
    var applicationId: String
    var revision: Int
    var reviewerId: String
    var departmentId: String
    var decision: String
    var reason: String?
    var items: [(occupation: String, level: String, approve: Bool)]
    var timeoutSeconds: Int

    static func == (a: Self, b: Self) -> Bool {
        a.applicationId == b.applicationId && a.revision == b.revision && a.reviewerId == b.reviewerId && a.departmentId == b.departmentId
            && a.decision == b.decision && a.reason == b.reason && a.timeoutSeconds == b.timeoutSeconds
            && a.items.map { "\($0.occupation):\($0.level)=\($0.approve)" } == b.items.map { "\($0.occupation):\($0.level)=\($0.approve)" }
    }
}

/// `review decide`'s options.
struct DecideOptions: Equatable {
    var institutionId: String
    var revision: Int
    var reviewerId: String
    var departmentId: String
    var decision: String
    var reason: String?
    var timeoutSeconds: Int
}

/// A parsed command line: `vtctl [--redis-url URL] [--prefix P] [--json] NOUN VERB [ARGS]`.
struct Invocation: Equatable {
    var global: GlobalOptions
    var command: Command

    static let defaultTimeoutSeconds = 30

    static let usage = """
        usage: vtctl [--redis-url URL] [--prefix PREFIX] [--json] COMMAND
          reviewer add REVIEWER_ID --department DEPT [--name NAME]
          reviewer list [--department DEPT]
          reviewer remove REVIEWER_ID
          review list [--kind certification|qualification] --department DEPT
          review decide --institution ID --revision N --reviewer R --department DEPT
                        --decision approve|reject [--reason TEXT] [--timeout SECONDS]
          review decide --kind qualification --application ID --revision N --reviewer R --department DEPT
                        --decision approve|reject|partial [--reason TEXT]
                        [--items occupation:level=approve|reject,...] [--timeout SECONDS]
          institution show INSTITUTION_ID
          certification submit --json FILE [--timeout SECONDS]    (FILE: payload or envelope; - = stdin)
          enqueue --type TYPE --json FILE [--wait] [--timeout SECONDS]   checked by the worker's decoder first
          stats [--queue Q]                      per queue: length, lag, pending, retries, dead, per minute, consumers
          workers [--queue Q]                    live workers and their last heartbeat
          job show JOB_ID                        a job's result and delivery history
          dead list QUEUE [--count N]            newest dead letters first
          dead show QUEUE ENTRY_ID
          dead retry QUEUE ENTRY_ID…|--all       put dead letters back on their queue
          dead purge QUEUE ENTRY_ID…|--all
          inbox list INSTITUTION_ID [--unread] [--limit N]
          inbox read INSTITUTION_ID ENTRY_ID|--all
          contact set INSTITUTION_ID [--phone P] [--channels inbox,sms,dingtalk,webhook] [--sms-opt-out yes|no]
                      [--dingtalk-webhook URL] [--dingtalk-secret S]      ("" clears a field)
          contact show INSTITUTION_ID
          qualification apply --json FILE [--timeout SECONDS]
          qualification list --institution ID
          qualification expiring --within 30d [--department DEPT]    (d, h or m)
          template students [--format xlsx|csv] [--out FILE]   the import template (stdout unless --out)
          import run --class C --file F [--institution I] [--mode all_or_nothing|accept_valid]
                     [--format auto|csv|xlsx] [--import-id ID] [--timeout SECONDS]   upload, import, wait, summary
          import report IMPORT_ID [--errors N] [--errors-out FILE.xlsx|FILE.csv]   report, first N row errors, error report
        environment: VT_REDIS_URL (default redis://127.0.0.1:6379/0), VT_PREFIX (default vt)
        exit codes: 0 done, 1 error, 2 usage, 3 rejected, 4 dead, 5 no result before the timeout
        """

    /// Parses the arguments after the program name. Pure.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Invocation {
        var global = GlobalOptions()
        if let url = environment["VT_REDIS_URL"], !url.isEmpty { global.redisURL = url }
        if let prefix = environment["VT_PREFIX"], !prefix.isEmpty { global.prefix = prefix }
        // Globals may come anywhere; the first two other words are the noun and the verb.
        var rest: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "--" {
                rest += arguments[(i - 1)...]
                break
            }
            let (name, inline) = split(arg)
            switch name {
            case "--redis-url", "--prefix", "--output":
                guard let value = inline ?? (i < arguments.count ? arguments[i] : nil) else { throw UsageError("\(name) needs a value") }
                if inline == nil { i += 1 }
                if name == "--redis-url" { global.redisURL = value }
                if name == "--prefix" { global.prefix = value }
                if name == "--output" {
                    guard value == "json" || value == "text" else { throw UsageError("--output must be json or text") }
                    global.json = value == "json"
                }
            case "--json" where rest.isEmpty:
                // Before the noun it is the output flag (after `certification submit` it names a file).
                global.json = true
            case "--help", "-h":
                return Invocation(global: global, command: .help)
            default:
                rest.append(arg)
            }
        }
        guard !global.prefix.isEmpty else { throw UsageError("the prefix must not be empty") }
        guard let noun = rest.first else { return Invocation(global: global, command: .help) }
        if noun == "enqueue" {
            // `--json FILE` names the input here, as in the submit commands.
            let parsed = try args(Array(rest.dropFirst()), EnqueueCommand.options(), &global, jsonIsFlag: false)
            return Invocation(global: global, command: try EnqueueCommand.parse(parsed))
        }
        if noun == "stats" || noun == "workers" {
            let parsed = try args(Array(rest.dropFirst()), OperatorCommand.options(noun: noun, verb: ""), &global)
            return Invocation(global: global, command: .ops(try OperatorCommand.parse(noun: noun, verb: nil, parsed)))
        }
        guard rest.count >= 2, !rest[1].hasPrefix("-") else { throw UsageError("\(noun): a subcommand is required") }
        let verb = rest[1]
        let tail = Array(rest.dropFirst(2))
        // `--json` is the output flag everywhere except `certification submit`, where it names the input file.
        let takesJSONFile = noun == "certification" || (noun == "qualification" && verb == "apply")
        let command: Command
        switch noun {
        case "reviewer": command = try ReviewerCommand.parse(verb: verb, try args(tail, ReviewerCommand.options(verb), &global))
        case "review": command = try ReviewCommand.parse(verb: verb, try args(tail, ReviewCommand.options(verb), &global))
        case "institution": command = try InstitutionCommand.parse(verb: verb, try args(tail, InstitutionCommand.options(verb), &global))
        case "dead", "job":
            command = .ops(try OperatorCommand.parse(noun: noun, verb: verb, try args(tail, OperatorCommand.options(noun: noun, verb: verb), &global)))
        case "certification":
            command = try CertificationCommand.parse(verb: verb, try args(tail, CertificationCommand.options(verb), &global, jsonIsFlag: !takesJSONFile))
        case "inbox", "contact":
            command = try NotificationCommands.parse(noun: noun, verb: verb, try args(tail, NotificationCommands.options(noun, verb), &global))
        case "qualification":
            command = try QualificationCommand.parse(verb: verb, try args(tail, QualificationCommand.options(verb), &global, jsonIsFlag: !takesJSONFile))
        case "template", "import":
            command = try ImportCommand.parse(noun: noun, verb: verb, try args(tail, ImportCommand.options(noun: noun, verb: verb), &global))
        default: throw UsageError("unknown command \(noun)")
        }
        return Invocation(global: global, command: command)
    }

    private static func split(_ arg: String) -> (String, String?) {
        guard arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }

    private static func args(_ tail: [String], _ options: (values: Set<String>, flags: Set<String>), _ global: inout GlobalOptions,
                             jsonIsFlag: Bool = true) throws(UsageError) -> Arguments {
        var flags = options.flags
        if jsonIsFlag { flags.insert("json") }
        let parsed = try Arguments.parse(tail, values: options.values, flags: flags)
        if jsonIsFlag && parsed.flags.contains("json") { global.json = true }
        return parsed
    }
}
