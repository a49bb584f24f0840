import RedisClient
import Synchronization

/// The Redis connections of one worker process (lanes, maintenance, periodic tasks, health), held
/// weakly, so that the ``PrimaryWatcher`` can move them all to a new primary at once.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        weak var connection: RedisConnection?
    }

    private let entries = Mutex<[Entry]>([])

    func register(_ connection: RedisConnection) {
        entries.withLock { list in
            list.removeAll { $0.connection == nil }
            list.append(Entry(connection: connection))
        }
    }

    /// Interrupts every connection not on `address` (``RedisConnection/interrupt(unlessConnectedTo:)``);
    /// returns how many it interrupted.
    func interruptAll(unlessConnectedTo address: String) -> Int {
        let live = entries.withLock { $0.compactMap(\.connection) }
        return live.filter { $0.interrupt(unlessConnectedTo: address) }.count
    }
}
