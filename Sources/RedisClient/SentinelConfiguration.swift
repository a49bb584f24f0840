/// Where the Sentinels are that name the primary of a replicated Redis, and how to talk to them.
/// With one set on a ``RedisConfiguration``, every connect (and reconnect) asks them for the
/// current primary instead of using the configuration's host and port; its password, user and
/// database still apply to the primary.
public struct SentinelConfiguration: Sendable, Equatable {
    /// One `host:port`.
    public struct Address: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public var sentinels: [Address]
    /// The name the Sentinels monitor the primary under (`sentinel monitor <name> …`).
    public var masterName: String
    /// The Sentinels' own password (`requirepass` in sentinel.conf), if they have one.
    public var password: String?
    /// The Sentinels' ACL user, if any (with `password`).
    public var user: String?

    public init(sentinels: [Address], masterName: String, password: String? = nil, user: String? = nil) {
        self.sentinels = sentinels
        self.masterName = masterName
        self.password = password
        self.user = user
    }

    /// Parses `host:port,host:port` (spaces allowed around commas; `[v6]:port` for IPv6; a missing
    /// port is Sentinel's 26379).
    public init(list: String, masterName: String, password: String? = nil) throws(RedisError) {
        var addresses: [Address] = []
        for item in list.split(separator: ",") {
            let text = item.trimmingSpaces
            guard !text.isEmpty else { continue }
            var host = Substring(text), port = 26379
            if let colon = text.lastIndex(of: ":"), !text.hasSuffix("]") {
                guard let p = Int(text[text.index(after: colon)...]), (1...65535).contains(p) else {
                    throw RedisError(.configuration, "invalid port in Sentinel address '\(text)'")
                }
                port = p
                host = text[..<colon]
            }
            if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            guard !host.isEmpty else { throw RedisError(.configuration, "empty host in Sentinel address '\(text)'") }
            addresses.append(Address(host: String(host), port: port))
        }
        guard !addresses.isEmpty else { throw RedisError(.configuration, "no Sentinel address in '\(list)'") }
        guard !masterName.isEmpty else { throw RedisError(.configuration, "Sentinels need the primary's name (VT_REDIS_MASTER_NAME)") }
        self.init(sentinels: addresses, masterName: masterName, password: password.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The list and name as they appear in logs (no password).
    public var description: String { "sentinel://\(sentinels.map(\.description).joined(separator: ","))/\(masterName)" }
}

extension RedisConfiguration {
    /// The environment variables vtctl and vt-bench read, as the workers do (README: configuration).
    public enum Environment {
        public static let url = "VT_REDIS_URL"
        public static let sentinels = "VT_REDIS_SENTINELS"
        public static let masterName = "VT_REDIS_MASTER_NAME"
        public static let sentinelPassword = "VT_REDIS_SENTINEL_PASSWORD"
        public static let defaultMasterName = "mymaster"
    }

    /// `url`, then the Sentinels when `sentinels` is not empty: the URL's host and port are then
    /// only a fallback name in logs; its user, password and database apply to the primary.
    public init(url: String, sentinels: String, masterName: String, sentinelPassword: String) throws(RedisError) {
        try self.init(url: url)
        if !sentinels.trimmingSpaces.isEmpty {
            sentinel = try SentinelConfiguration(list: sentinels, masterName: masterName, password: sentinelPassword)
        }
    }

    /// `url` with `VT_REDIS_SENTINELS`, `VT_REDIS_MASTER_NAME` and `VT_REDIS_SENTINEL_PASSWORD`
    /// from `environment` (for tools that take their Redis from the environment).
    public init(url: String, environment: [String: String]) throws(RedisError) {
        try self.init(url: url, sentinels: environment[Environment.sentinels] ?? "",
                      masterName: environment[Environment.masterName].flatMap { $0.isEmpty ? nil : $0 } ?? Environment.defaultMasterName,
                      sentinelPassword: environment[Environment.sentinelPassword] ?? "")
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = s.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return s[first...last]
    }
}
