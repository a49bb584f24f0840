import Foundation
import JobQueue
import RedisClient
import Synchronization
import TestSupport

/// The producer of a failover run, on a thread of its own, enqueuing `test.count` jobs as
/// docs/failover.md tells producers to: a batch of XADDs then `WAIT 1 timeout` in one pipeline;
/// a batch is accepted only when a replica acknowledged it, and sent again (same job ids) when the
/// connection broke or WAIT fell short. Through the Sentinels, so it follows the failover too.
final class FailoverProducer: Sendable {
    struct Accepted: Sendable {
        let ids: [String]
        let at: Date
    }

    let cluster: SentinelCluster
    let env: QueueTestEnvironment
    let batchSize = 20
    private let accepted = Mutex<[Accepted]>([])
    private let resends = Atomic<Int>(0)
    private let stopRequested = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(cluster: SentinelCluster, env: QueueTestEnvironment) {
        self.cluster = cluster
        self.env = env
    }

    /// Starts enqueuing until `stop()`, one batch about every 10 ms.
    func start() {
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.start()
    }

    /// Stops after the batch in hand is accepted; waits for that.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        done.wait()
    }

    var acceptedIds: [String] { accepted.withLock { $0.flatMap(\.ids) } }
    var resendCount: Int { resends.load(ordering: .relaxed) }

    /// The first job accepted after `date`, if any yet.
    func firstAccepted(after date: Date) -> String? {
        accepted.withLock { $0.first { $0.at > date }?.ids.first }
    }

    private func run() {
        var connection: RedisConnection?
        var batch = 0
        while !stopRequested.load(ordering: .acquiring) {
            let ids = (0..<batchSize).map { "f\(batch)-\($0)" }
            var commands = ids.map { env.producer.enqueueCommand(env.countJob($0), queue: "test") }
            commands.append(RedisCommand("WAIT", 1, 1_000))
            while true {
                do {
                    if connection == nil || !connection!.isConnected { connection = try cluster.connect() }
                    let replies = try connection!.pipeline(commands)
                    if replies.last?.int ?? 0 >= 1 && replies.dropLast().allSatisfy({ $0.string != nil }) { break }
                } catch {
                    connection?.close()
                    usleep(100_000)
                }
                resends.add(1, ordering: .relaxed)
            }
            let at = Date()
            accepted.withLock { $0.append(Accepted(ids: ids, at: at)) }
            batch += 1
            usleep(10_000)
        }
    }
}
