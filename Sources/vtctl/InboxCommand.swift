import JobQueue
import Notification

/// `vtctl inbox list|read`: an institution's message centre (消息中心).
enum InboxCommand {
    static let commands: [any VtctlCommand.Type] = [List.self, Read.self]

    /// `inbox list INSTITUTION_ID [--unread] [--limit N]`.
    struct List: VtctlCommand {
        var institutionId: String
        var unread: Bool
        var limit: Int

        static let words = ["inbox", "list"]
        static let usage = ["inbox list INSTITUTION_ID [--unread] [--limit N]"]
        static let options = OptionNames(values: ["limit"], flags: ["unread"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            List(institutionId: try args.positionals(["INSTITUTION_ID"])[0], unread: args.flags.contains("unread"),
                 limit: try args.integer("limit", minimum: 1) ?? 50)
        }

        func run(_ s: Session) throws -> ExitCode {
            let entries = try InboxStore(keys: NotificationKeys(s.keys.queue), connection: s.connection)
                .list(institutionId, unreadOnly: unread, limit: limit)
            if s.json {
                s.outJSON(.array(entries.map { e in
                    var o = e.fields.mapValues(JSONValue.string)
                    o["id"] = .string(e.id)
                    o["read"] = .bool(e.read)
                    return .object(o)
                }))
                return .ok
            }
            if entries.isEmpty { s.out("inbox \(institutionId): \(unread ? "no unread messages" : "empty")") }
            for e in entries {
                s.out("\(e.id)  \(e.read ? " " : "*")  \(e.fields["createdAt"] ?? "")  \(e.fields["title"] ?? "")  [\(e.fields["template"] ?? "")]")
                s.out("    \(e.fields["body"] ?? "")")
            }
            return .ok
        }
    }

    /// `inbox read INSTITUTION_ID ENTRY_ID|--all`: marks messages read.
    struct Read: VtctlCommand {
        var institutionId: String
        /// nil: every message.
        var entryId: String?

        static let words = ["inbox", "read"]
        static let usage = ["inbox read INSTITUTION_ID ENTRY_ID|--all"]
        static let options = OptionNames(flags: ["all"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            if args.flags.contains("all") { return Read(institutionId: try args.positionals(["INSTITUTION_ID"])[0], entryId: nil) }
            let p = try args.positionals(["INSTITUTION_ID", "ENTRY_ID"])
            return Read(institutionId: p[0], entryId: p[1])
        }

        func run(_ s: Session) throws -> ExitCode {
            let store = InboxStore(keys: NotificationKeys(s.keys.queue), connection: s.connection)
            guard let entryId else {
                let n = try store.markAllRead(institutionId)
                s.json ? s.outJSON(["marked": .number(Double(n))]) : s.out("inbox \(institutionId): \(n) message\(n == 1 ? "" : "s") marked read")
                return .ok
            }
            guard try store.markRead(institutionId, entryId: entryId) else {
                s.err("inbox \(institutionId) has no entry \(entryId)")
                return .error
            }
            s.json ? s.outJSON(["marked": 1]) : s.out("inbox \(institutionId): \(entryId) marked read")
            return .ok
        }
    }
}
