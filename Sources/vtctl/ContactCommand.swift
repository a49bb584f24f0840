import JobQueue
import Notification

/// `vtctl contact set|show`: an institution's contact preferences (the DingTalk secret is shown
/// as ***, the phone masked).
enum ContactCommand {
    static let commands: [any VtctlCommand.Type] = [Update.self, Show.self]

    /// `contact set INSTITUTION_ID [--phone P] [--channels …] [--sms-opt-out yes|no] [--dingtalk-webhook URL] [--dingtalk-secret S]`.
    struct Update: VtctlCommand {
        var institutionId: String
        var update: ContactUpdate

        static let words = ["contact", "set"]
        static let usage = [
            "contact set INSTITUTION_ID [--phone P] [--channels inbox,sms,dingtalk,webhook] [--sms-opt-out yes|no]",
            "            [--dingtalk-webhook URL] [--dingtalk-secret S]      (\"\" clears a field)",
        ]
        static let options = OptionNames(values: ["phone", "channels", "sms-opt-out", "dingtalk-webhook", "dingtalk-secret"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
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
            return Update(institutionId: id, update: u)
        }

        func run(_ s: Session) throws -> ExitCode {
            let store = ContactStore(keys: NotificationKeys(s.keys.queue), connection: s.connection)
            var p = try store.get(institutionId)
            if let v = update.phone { p.phone = v.isEmpty ? nil : v }
            if let v = update.channels { p.channels = v.isEmpty ? nil : ContactPreferences.parseChannels(v) }
            if let v = update.smsOptOut { p.smsOptOut = v }
            if let v = update.dingtalkWebhook { p.dingtalkWebhook = v.isEmpty ? nil : v }
            if let v = update.dingtalkSecret { p.dingtalkSecret = v.isEmpty ? nil : v }
            try store.put(institutionId, p)
            return try Show(institutionId: institutionId).run(s)
        }
    }

    /// `contact show INSTITUTION_ID`.
    struct Show: VtctlCommand {
        var institutionId: String

        static let words = ["contact", "show"]
        static let usage = ["contact show INSTITUTION_ID"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self { Show(institutionId: try args.positionals(["INSTITUTION_ID"])[0]) }

        func run(_ s: Session) throws -> ExitCode {
            let p = try ContactStore(keys: NotificationKeys(s.keys.queue), connection: s.connection).get(institutionId)
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
}

/// `contact set`'s changes; nil leaves a field as it is, `""` clears it.
struct ContactUpdate: Equatable, Sendable {
    var phone: String?
    var channels: String?
    var smsOptOut: Bool?
    var dingtalkWebhook: String?
    var dingtalkSecret: String?
}
