#if canImport(Glibc)
import Glibc
#endif

/// What one Sentinel announces about the primary moving, heard on a subscription to it:
/// `+promoted-slave` (only the Sentinel leading the failover sends it, the moment the replica it
/// chose answers as a primary) and `+switch-master` (every Sentinel, once the failover is over:
/// after the other replicas have resynced, seconds later). A switch announced while the
/// subscription was down is still reported: after each (re)subscription the Sentinels are asked
/// for the primary, and one other than the last known is a switch. A switch heard makes this
/// Sentinel the first one every connect of the process asks (``SentinelDiscovery``): the others
/// may still name the old primary, which still answers ROLE master until it is demoted.
/// Owned by one thread; subscribe to every Sentinel (one instance each) to hear the leader.
public final class SentinelSwitches {
    /// The primary moved from `from` (when known) to `to`.
    public struct Switch: Sendable, Equatable {
        public let from: SentinelConfiguration.Address?
        public let to: SentinelConfiguration.Address
    }

    public static let channels = ["+promoted-slave", "+switch-master"]

    private let sentinel: SentinelConfiguration
    private let index: Int
    private let connectTimeoutMs: Int
    private let commandTimeoutMs: Int
    private var connection: RedisConnection?
    private var known: SentinelConfiguration.Address?

    /// Listens to the Sentinel at `index` of `sentinel.sentinels`.
    public init(sentinel: SentinelConfiguration, index: Int, connectTimeoutMs: Int = 1_000, commandTimeoutMs: Int = 1_000) {
        self.sentinel = sentinel
        self.index = index
        self.connectTimeoutMs = connectTimeoutMs
        self.commandTimeoutMs = commandTimeoutMs
    }

    /// `host:port` of the Sentinel listened to.
    public var sentinelAddress: String { sentinel.sentinels[index].description }
    public var isSubscribed: Bool { connection != nil }

    /// Waits up to `timeoutMs` for the primary to move; the switch, or `nil` (none, or the
    /// Sentinel could not be subscribed to: tried again at the next call).
    public func next(timeoutMs: Int) -> Switch? {
        if connection == nil {
            guard subscribe() else {
                usleep(useconds_t(min(timeoutMs, 500) * 1_000))
                return nil
            }
            guard let named = try? SentinelDiscovery.primary(of: sentinel, connectTimeoutMs: connectTimeoutMs, commandTimeoutMs: commandTimeoutMs) else { return nil }
            if let known, known != named { return heard(Switch(from: known, to: named)) }
            known = named
        }
        do {
            guard let message = try connection?.nextMessage(timeoutMs: timeoutMs),
                  let change = Self.parse(message, masterName: sentinel.masterName), change.to != known else { return nil }
            return heard(change)
        } catch {
            connection = nil
            return nil
        }
    }

    /// A message (`message`, channel, text) about `masterName`; `nil` for anything else.
    /// `+switch-master`: `<name> <old-ip> <old-port> <new-ip> <new-port>`;
    /// `+promoted-slave`: `slave <ip:port> <ip> <port> @ <name> <old-ip> <old-port>`.
    static func parse(_ message: RedisReply, masterName: String) -> Switch? {
        guard let parts = message.array, parts.count == 3, parts[0].string == "message", let channel = parts[1].string,
              let text = parts[2].string else { return nil }
        let f = text.split(separator: " ").map(String.init)
        switch channel {
        case "+switch-master":
            guard f.count == 5, f[0] == masterName, let old = Int(f[2]), let new = Int(f[4]) else { return nil }
            return Switch(from: .init(host: f[1], port: old), to: .init(host: f[3], port: new))
        case "+promoted-slave":
            guard f.count == 8, f[0] == "slave", f[4] == "@", f[5] == masterName, let new = Int(f[3]), let old = Int(f[7]) else { return nil }
            return Switch(from: .init(host: f[6], port: old), to: .init(host: f[2], port: new))
        default:
            return nil
        }
    }

    private func heard(_ change: Switch) -> Switch {
        known = change.to
        SentinelDiscovery.prefer(index, of: sentinel)
        return change
    }

    private func subscribe() -> Bool {
        let address = sentinel.sentinels[index]
        let config = RedisConfiguration(host: address.host, port: address.port, user: sentinel.user, password: sentinel.password,
                                        connectTimeoutMs: connectTimeoutMs, commandTimeoutMs: commandTimeoutMs)
        guard let c = try? RedisConnection(config) else { return false }
        do {
            // SUBSCRIBE answers once per channel.
            try c.send(RedisCommand("SUBSCRIBE", Self.channels))
            for _ in 1..<Self.channels.count { _ = try c.nextMessage(timeoutMs: commandTimeoutMs) }
        } catch {
            return false
        }
        connection = c
        return true
    }
}
