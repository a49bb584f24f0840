/// An institution's contact preferences, stored in `{p}:contact:{institutionId}` (written by
/// `vtctl contact set`), over the certified contact phone as the default SMS phone. The DingTalk
/// secret and the full phone number never go to a log: use `redacted` there.
public struct ContactPreferences: Sendable, Equatable {
    public var phone: String?
    /// Explicit channels, or nil for the default (inbox, plus SMS where a gateway is configured).
    public var channels: [Channel]?
    public var smsOptOut: Bool
    public var dingtalkWebhook: String?
    public var dingtalkSecret: String?

    public init(phone: String? = nil, channels: [Channel]? = nil, smsOptOut: Bool = false,
                dingtalkWebhook: String? = nil, dingtalkSecret: String? = nil) {
        self.phone = phone
        self.channels = channels
        self.smsOptOut = smsOptOut
        self.dingtalkWebhook = dingtalkWebhook
        self.dingtalkSecret = dingtalkSecret
    }

    /// Reads the hash; without a phone of its own, the phone is `certifiedPhone` (the certified
    /// 联系电话, and so an approved change of it), unless that is nil.
    public init(fields: [String: String], certifiedPhone: String? = nil) {
        func value(_ k: String) -> String? { fields[k].flatMap { $0.isEmpty ? nil : $0 } }
        phone = value("phone") ?? certifiedPhone
        channels = value("channels").map(Self.parseChannels)
        smsOptOut = fields["smsOptOut"] == "yes"
        dingtalkWebhook = value("dingtalkWebhook")
        dingtalkSecret = value("dingtalkSecret")
    }

    /// `inbox,sms` → channels; unknown names are dropped.
    public static func parseChannels(_ text: String) -> [Channel] {
        text.split(separator: ",").compactMap { Channel(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The hash fields to store (empty = clear).
    public var fields: [(String, String)] {
        [("phone", phone ?? ""), ("channels", channels?.map(\.rawValue).joined(separator: ",") ?? ""),
         ("smsOptOut", smsOptOut ? "yes" : "no"), ("dingtalkWebhook", dingtalkWebhook ?? ""), ("dingtalkSecret", dingtalkSecret ?? "")]
    }

    /// For display and logs: the phone masked, the secret as `***`.
    public var redacted: [(String, String)] {
        [("phone", phone.map(PIIMasker.mask) ?? "-"), ("channels", channels?.map(\.rawValue).joined(separator: ",") ?? "(default)"),
         ("smsOptOut", smsOptOut ? "yes" : "no"), ("dingtalkWebhook", dingtalkWebhook ?? "-"),
         ("dingtalkSecret", dingtalkSecret == nil ? "-" : "***")]
    }

    /// The channels a notification goes to: the request's, else the institution's, else inbox plus
    /// SMS when a gateway is configured, a phone is known and the institution has not opted out.
    /// The inbox is always among them.
    public func channels(requested: [Channel]?, smsConfigured: Bool) -> [Channel] {
        var list = requested ?? channels ?? ((smsConfigured && phone != nil && !smsOptOut) ? [.inbox, .sms] : [.inbox])
        if smsOptOut { list.removeAll { $0 == .sms } }
        if !list.contains(.inbox) { list.insert(.inbox, at: 0) }
        return list.sorted()
    }
}

import Foundation
