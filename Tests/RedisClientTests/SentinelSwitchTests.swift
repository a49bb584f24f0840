import Foundation
@testable import RedisClient
import Synchronization
import TestSupport
import Testing

/// What the worker's `+switch-master` listener rests on: a connection blocked on another thread
/// is broken at once by `interrupt`, one on the named server is left alone, and
/// `SentinelSwitches` reports a real graceful failover (`SENTINEL FAILOVER`) with the new primary,
/// from the leading Sentinel (`+promoted-slave`) and from another one (`+switch-master`).
@Suite(.serialized) struct SentinelSwitchTests {
    @Test func interrupt_breaksACommandBlockedOnAnotherThread_unlessOnTheNamedServer() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let blocked = try server.connect()
        #expect(!blocked.interrupt(unlessConnectedTo: blocked.address), "a connection on the named server is left alone")
        let outcome = Mutex<(RedisError.Kind?, Double)>((nil, 0))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let started = Date()
            var kind: RedisError.Kind?
            do { try blocked.send("BLPOP", "never-pushed", 4) } catch let error as RedisError { kind = error.kind } catch {}
            outcome.withLock { $0 = (kind, Date().timeIntervalSince(started)) }
            done.signal()
        }
        thread.start()
        usleep(200_000)
        #expect(blocked.interrupt(unlessConnectedTo: "127.0.0.1:1"))
        done.wait()
        let (kind, seconds) = outcome.withLock { $0 }
        #expect(kind == .connection, "the blocked BLPOP fails as a lost connection")
        #expect(seconds < 3, "it ended at the interrupt, not at BLPOP's 4 s (took \(seconds) s)")
        #expect(!blocked.isConnected && !blocked.interrupt(), "closed by the failure; nothing left to interrupt")
        #expect(blocked.reconnect(attempts: 3))
        #expect(try blocked.send("PING") == .status("PONG"))
    }

    @Test func switchMessages_areParsed_forTheirPrimaryOnly() {
        func message(_ channel: String, _ text: String) -> RedisReply { .array([.bulk(Array("message".utf8)), .bulk(Array(channel.utf8)), .bulk(Array(text.utf8))]) }
        let promoted = SentinelSwitches.parse(message("+promoted-slave", "slave 10.0.0.2:6380 10.0.0.2 6380 @ m 10.0.0.1 6379"), masterName: "m")
        #expect(promoted == .init(from: .init(host: "10.0.0.1", port: 6379), to: .init(host: "10.0.0.2", port: 6380)))
        let switched = SentinelSwitches.parse(message("+switch-master", "m 10.0.0.1 6379 10.0.0.2 6380"), masterName: "m")
        #expect(switched == promoted)
        #expect(SentinelSwitches.parse(message("+switch-master", "other 10.0.0.1 6379 10.0.0.2 6380"), masterName: "m") == nil)
        #expect(SentinelSwitches.parse(message("+sdown", "master m 10.0.0.1 6379"), masterName: "m") == nil)
    }

    @Test func gracefulFailover_isHeardAsASwitchToTheNewPrimary() throws {
        let cluster = try SentinelCluster(replicas: 1)
        defer { cluster.stop() }
        // The Sentinel that leads the failover (it is asked to) and another one.
        let leader = SentinelSwitches(sentinel: cluster.configuration.sentinel!, index: 1)
        let other = SentinelSwitches(sentinel: cluster.configuration.sentinel!, index: 2)
        #expect(leader.next(timeoutMs: 200) == nil && other.next(timeoutMs: 200) == nil, "no switch before the failover")
        #expect(leader.isSubscribed && other.isSubscribed)
        let old = cluster.nodes[0].port
        _ = try cluster.sentinels[1].connect().send("SENTINEL", "FAILOVER", SentinelCluster.masterName)
        var fromLeader: SentinelSwitches.Switch?, fromOther: SentinelSwitches.Switch?
        _ = eventually(timeout: 30) {
            fromLeader = fromLeader ?? leader.next(timeoutMs: 100)
            fromOther = fromOther ?? other.next(timeoutMs: 100)
            return fromLeader != nil && fromOther != nil
        }
        for heard in [fromLeader, fromOther] {
            #expect(heard?.from?.port == old)
            #expect(heard?.to.port == cluster.nodes[1].port)
        }
        #expect(cluster.primaryPort == cluster.nodes[1].port)
        #expect(leader.next(timeoutMs: 300) == nil, "the leader's +switch-master after its +promoted-slave is the same switch, not reported twice")
    }
}
