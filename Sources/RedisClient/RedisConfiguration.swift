/// Where and how to connect: parsed from `redis://[user:password@]host:port/db`.
public struct RedisConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// ACL user name; `nil` authenticates with the password alone (`AUTH password`).
    public var user: String?
    public var password: String?
    public var database: Int
    /// Time allowed to open the TCP connection, in milliseconds.
    public var connectTimeoutMs: Int
    /// Time allowed for one command's reply, in milliseconds. A blocking command must block for less.
    public var commandTimeoutMs: Int
    /// When set, the primary is found by asking these Sentinels at each connect; `host` and
    /// `port` are not used.
    public var sentinel: SentinelConfiguration?

    public init(host: String = "127.0.0.1", port: Int = 6379, user: String? = nil, password: String? = nil,
                database: Int = 0, connectTimeoutMs: Int = 2_000, commandTimeoutMs: Int = 5_000) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeoutMs = connectTimeoutMs
        self.commandTimeoutMs = commandTimeoutMs
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`. User and password may be percent-encoded.
    public init(url: String) throws(RedisError) {
        self.init()
        guard url.hasPrefix("redis://") else {
            throw RedisError(.configuration, "Redis URL must start with redis:// (got \(Self.redacted(url)))")
        }
        var rest = Substring(url.dropFirst("redis://".count))
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = String(credentials[..<colon])
                self.user = user.isEmpty ? nil : Self.percentDecoded(user)
                password = Self.percentDecoded(String(credentials[credentials.index(after: colon)...]))
            } else if !credentials.isEmpty {
                password = Self.percentDecoded(String(credentials))
            }
        }
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !db.isEmpty {
                guard let n = Int(db), n >= 0 else { throw RedisError(.configuration, "invalid database number '\(db)' in Redis URL") }
                database = n
            }
        }
        if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw RedisError(.configuration, "invalid port in Redis URL \(Self.redacted(url))")
            }
            port = p
            rest = rest[..<colon]
        }
        if !rest.isEmpty { host = String(rest) }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    }

    /// The URL with any password replaced by `***`, safe for logs (the Sentinels and the
    /// primary's name instead of host and port when Sentinels are used).
    public var redactedURL: String {
        var auth = ""
        if let user { auth = user }
        if password != nil { auth += ":***" }
        if !auth.isEmpty { auth += "@" }
        if let sentinel { return "redis://\(auth)\(sentinel.masterName)/\(database) via \(sentinel.description)" }
        return "redis://\(auth)\(host):\(port)/\(database)"
    }

    static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        return "redis://***" + url[at...]
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
