import JobQueue
import WorkflowKernel

/// An external channel, or the inbox.
public enum Channel: String, Sendable, CaseIterable, Comparable {
    case inbox, sms, dingtalk, webhook
    public static func < (a: Channel, b: Channel) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// A checked `notification.requested` payload with its rendered text.
public struct NotificationPayload: Sendable {
    public static let type = "notification.requested"
    /// The worker that handles (and re-enqueues) notification jobs.
    public static let producer = "notification-worker"

    public let notificationId: String
    public let institutionId: String
    public let template: String
    public let params: [String: JSONValue]
    /// Explicit channels, or nil for the institution's default.
    public let channels: [Channel]?
    public let text: RenderedText

    /// Every problem at once, as `payload.x` / `payload.params.x` field errors.
    public static func decode(_ payload: JSONValue) -> Result<NotificationPayload, ValidationErrors> {
        var errors: [FieldError] = []
        func fail(_ field: String, _ code: String, _ message: String) {
            errors.append(FieldError(field: "payload.\(field)", code: code, message: message))
        }
        guard let object = payload.objectValue else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object")]))
        }
        func string(_ name: String) -> String? {
            guard let value = object[name], value != .null else { fail(name, "field.required", "\(name) is required"); return nil }
            guard let s = value.stringValue, !s.isEmpty else { fail(name, "field.type", "\(name) must be a non-empty string"); return nil }
            return s
        }
        let nid = string("notificationId")
        if let nid, !isNotificationId(nid) { fail("notificationId", "field.format", "notificationId must be 1-64 of A-Z a-z 0-9 . _ : -") }
        let iid = string("institutionId")
        if let iid, !isNotificationId(iid) || iid.contains(":") || iid.contains(".") {
            fail("institutionId", "field.format", "institutionId must be 1-64 of A-Z a-z 0-9 _ -")
        }
        let name = string("template")
        let template = name.flatMap(TemplateCatalog.template(named:))
        if let name, template == nil { fail("template", "template.unknown", "no template named \(name)") }
        var params: [String: JSONValue] = [:]
        switch object["params"] {
        case nil, .null?: break
        case .object(let o)?:
            params = o
            for (k, v) in o.sorted(by: { $0.key < $1.key }) {
                switch v {
                case .string, .number, .bool: break
                default: fail("params.\(k)", "field.type", "params.\(k) must be a string, number or boolean, got \(v.typeName)")
                }
            }
        case let other?: fail("params", "field.type", "params must be an object, got \(other.typeName)")
        }
        var channels: [Channel]?
        if let value = object["channels"], value != .null {
            if let list = value.arrayValue {
                var found: [Channel] = []
                for (i, item) in list.enumerated() {
                    if let c = item.stringValue.flatMap(Channel.init(rawValue:)) { found.append(c) }
                    else { fail("channels[\(i)]", "field.enum", "channels must be inbox, sms, dingtalk or webhook") }
                }
                if list.isEmpty { fail("channels", "field.format", "channels must list at least one channel") }
                if Set(found).count != found.count { fail("channels", "field.format", "channels must not repeat a channel") }
                channels = found
            } else {
                fail("channels", "field.type", "channels must be an array")
            }
        }
        var text: RenderedText?
        if let template {
            switch template.render(params) {
            case .success(let t): text = t
            case .failure(let e): errors += e.errors
            }
        }
        guard errors.isEmpty, let nid, let iid, let name, let text else { return .failure(ValidationErrors(errors)) }
        return .success(NotificationPayload(notificationId: nid, institutionId: iid, template: name, params: params,
                                            channels: channels, text: text))
    }

    /// 1–64 of `[A-Za-z0-9._:-]`, the contract's job id rule.
    public static func isNotificationId(_ s: String) -> Bool {
        (1...64).contains(s.utf8.count) && s.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 || b == 46 || b == 58
        }
    }
}
