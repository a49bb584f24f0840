import JobQueue
import Notification

/// `contact set`'s changes; nil leaves a field as it is, `""` clears it.
struct ContactUpdate: Equatable {
    var phone: String?
    var channels: String?
    var smsOptOut: Bool?
    var dingtalkWebhook: String?
    var dingtalkSecret: String?
}

/// `vtctl inbox list|read` (an institution's message centre) and `vtctl contact set|show` (its
/// contact preferences; the DingTalk secret is shown as ***, the phone masked).
enum NotificationCommands {
    static func options(_ noun: String, _ verb: String) -> (values: Set<String>, flags: Set<String>) {
        switch (noun, verb) {
        case ("inbox", "list"): return (["limit"], ["unread"])
        case ("inbox", "read"): return ([], ["all"])
        case ("contact", "set"): return (["phone", "channels", "sms-opt-out", "dingtalk-webhook", "dingtalk-secret"], [])
        default: return ([], [])
        }
    }

    static func parse(noun: String, verb: String, _ args: Arguments) throws(UsageError) -> Command {
        switch (noun, verb) {
        case ("inbox", "list"):
            return .inboxList(institutionId: try args.positionals(["INSTITUTION_ID"])[0], unread: args.flags.contains("unread"),
                              limit: try args.integer("limit", minimum: 1) ?? 50)
        case ("inbox", "read"):
            if args.flags.contains("all") { return .inboxRead(institutionId: try args.positionals(["INSTITUTION_ID"])[0], entryId: nil) }
            let p = try args.positionals(["INSTITUTION_ID", "ENTRY_ID"])
            return .inboxRead(institutionId: p[0], entryId: p[1])
        case ("contact", "set"):
            let id = try args.positionals(["INSTITUTION_ID"])[0]
            var u = ContactUpdate(phone: args.values["phone"], channels: args.values["channels"],
                                  dingtalkWebhook: args.values["dingtalk-webhook"], dingtalkSecret: args.values["dingtalk-secret"])
            if let c = u.channels, !c.isEmpty, ContactPreferences.parseChannels(c).count != c.split(separator: ",").count {
                throw UsageError("--channels takes a comma-separated list of inbox, sms, dingtalk, webhook")
            }
            if let o = args.values["sms-opt-out"] {
                guard o == "yes" || o == "no" else { throw UsageError("--sms-opt-out must be yes or no") }
                u.smsOptOut = o == "yes"
            }
            if let p = u.phone, !p.isEmpty, !(p.count == 11 && p.first == "1" && p.allSatisfy { $0.isASCII && $0.isNumber }) {
                throw UsageError("--phone must be a mainland mobile number (11 digits)")
            }
            guard u != ContactUpdate() else { throw UsageError("contact set: give at least one option to change") }
            return .contactSet(institutionId: id, u)
        case ("contact", "show"):
            return .contactShow(institutionId: try args.positionals(["INSTITUTION_ID"])[0])
        default:
            throw UsageError(noun == "inbox" ? "unknown subcommand inbox \(verb) (list, read)" : "unknown subcommand contact \(verb) (set, show)")
        }
    }

    static func keys(_ s: Session) -> NotificationKeys { NotificationKeys(s.keys.queue) }

    static func list(_ s: Session, institutionId: String, unread: Bool, limit: Int) throws -> ExitCode {
        let entries = try InboxStore(keys: keys(s), connection: s.connection).list(institutionId, unreadOnly: unread, limit: limit)
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

    static func read(_ s: Session, institutionId: String, entryId: String?) throws -> ExitCode {
        let store = InboxStore(keys: keys(s), connection: s.connection)
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

    static func set(_ s: Session, institutionId: String, _ u: ContactUpdate) throws -> ExitCode {
        let store = ContactStore(keys: keys(s), connection: s.connection)
        var p = try store.get(institutionId)
        if let v = u.phone { p.phone = v.isEmpty ? nil : v }
        if let v = u.channels { p.channels = v.isEmpty ? nil : ContactPreferences.parseChannels(v) }
        if let v = u.smsOptOut { p.smsOptOut = v }
        if let v = u.dingtalkWebhook { p.dingtalkWebhook = v.isEmpty ? nil : v }
        if let v = u.dingtalkSecret { p.dingtalkSecret = v.isEmpty ? nil : v }
        try store.put(institutionId, p)
        return try show(s, institutionId: institutionId)
    }

    static func show(_ s: Session, institutionId: String) throws -> ExitCode {
        let p = try ContactStore(keys: keys(s), connection: s.connection).get(institutionId)
        if s.json {
            var o = Dictionary(uniqueKeysWithValues: p.redacted.map { ($0.0, JSONValue.string($0.1)) })
            o["institutionId"] = .string(institutionId)
            s.outJSON(.object(o))
            return .ok
        }
        s.out("contact \(institutionId):")
        for (k, v) in p.redacted { s.out("  \(pad(k, 16))\(v)") }
        return .ok
    }
}
