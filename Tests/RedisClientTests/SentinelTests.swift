import Foundation
import RedisClient
import TestSupport
import Testing

/// The client through Sentinel: the primary found by asking real `redis-server --sentinel`
/// processes, followed after a real failover (the primary SIGKILLed), and the replies of a replica
/// that break the connection so the next connect asks again.
@Suite(.serialized) struct SentinelTests {
    @Test func sentinelList_isParsed_withDefaultPortAndIPv6() throws {
        let s = try SentinelConfiguration(list: " 10.0.0.1:26380, sentinel-b ,[::1]:26381", masterName: "m", password: "")
        #expect(s.sentinels == [.init(host: "10.0.0.1", port: 26380), .init(host: "sentinel-b", port: 26379), .init(host: "::1", port: 26381)])
        #expect(s.password == nil)
        #expect(s.description == "sentinel://10.0.0.1:26380,sentinel-b:26379,[::1]:26381/m")
        #expect(throws: RedisError.self) { try SentinelConfiguration(list: "a:0", masterName: "m") }
        #expect(throws: RedisError.self) { try SentinelConfiguration(list: " , ", masterName: "m") }
        #expect(throws: RedisError.self) { try SentinelConfiguration(list: "a:1", masterName: "") }
    }

    @Test func environment_setsSentinels_andKeepsTheURLsPasswordAndDatabase() throws {
        let c = try RedisConfiguration(url: "redis://:pw@ignored:1/3", environment: [
            "VT_REDIS_SENTINELS": "s1:5000,s2:5001", "VT_REDIS_SENTINEL_PASSWORD": "spw"])
        #expect(c.sentinel?.masterName == "mymaster")
        #expect(c.sentinel?.password == "spw")
        #expect(c.sentinel?.sentinels.count == 2)
        #expect(c.password == "pw" && c.database == 3)
        #expect(!c.redactedURL.contains("pw@") && !c.redactedURL.contains("spw") && c.redactedURL.contains("via sentinel://s1:5000,s2:5001/mymaster"))
        #expect(try RedisConfiguration(url: "redis://h:1/0", environment: ["VT_REDIS_SENTINELS": ""]).sentinel == nil)
    }

    @Test func replicaReplies_READONLY_breakTheConnection_inSendAndPipeline() throws {
        let primary = try RedisServer()
        defer { primary.stop() }
        let replica = try RedisServer(extraArguments: ["--replicaof", "127.0.0.1", String(primary.port)])
        defer { replica.stop() }
        let c = try replica.connect()
        #expect(try c.send("GET", "k") == .null)
        do {
            try c.send("SET", "k", "v")
            Issue.record("a write on a replica must fail")
        } catch {
            #expect(error.kind == .connection && error.breaksConnection, "\(error)")
            #expect(error.message.contains("no longer the primary"))
        }
        #expect(!c.isConnected)
        #expect(c.reconnect(attempts: 3))
        #expect(throws: RedisError.self) { try c.pipeline([RedisCommand("GET", "k"), RedisCommand("INCR", "n")]) }
        #expect(!c.isConnected)
    }

    @Test func connect_asksTheSentinels_skipsADeadOne_andFollowsAFailover_andTheOldPrimaryReturnsAsReplica() throws {
        let cluster = try SentinelCluster()
        defer { cluster.stop() }
        var config = cluster.configuration
        // A Sentinel that is down is skipped.
        config.sentinel!.sentinels.insert(.init(host: "127.0.0.1", port: try RedisServer.freePort()), at: 0)
        let c = try RedisConnection(config)
        let oldPrimary = cluster.nodes[0]
        #expect(c.address == "127.0.0.1:\(oldPrimary.port)")
        try c.send("SET", "before", "1")
        #expect(try c.send("WAIT", 1, 2_000).int == 1, "the replica acknowledged the write")

        let killedAt = Date()
        oldPrimary.killProcess()
        #expect(throws: RedisError.self) { try c.send("SET", "during", "1") }
        #expect(c.reconnect(maxDelayMs: 200, attempts: 300), "reconnected through the Sentinels")
        let recovered = Date().timeIntervalSince(killedAt)
        let newPrimary = cluster.nodes[1]
        #expect(c.address == "127.0.0.1:\(newPrimary.port)")
        #expect(try c.send("ROLE").array?.first?.string == "master")
        #expect(try c.send("GET", "before").string == "1", "a write the replica had acknowledged survived")
        try c.send("SET", "after", "2")
        print("sentinel failover: writes accepted again \(String(format: "%.2f", recovered)) s after the primary was killed")

        // The old primary comes back: Sentinel turns it into a replica of the new one; it gets
        // the writes made since, and a connection through the Sentinels still finds the new primary.
        try oldPrimary.start()
        #expect(eventually(timeout: 30) { cluster.role(of: oldPrimary) == "slave" }, "sentinel log: \(cluster.sentinels[0].log.suffix(1_500))")
        #expect(eventually(timeout: 10) { try oldPrimary.connect().send("GET", "after").string == "2" })
        let again = try cluster.connect()
        #expect(again.address == "127.0.0.1:\(newPrimary.port)")
    }

    @Test func connect_withWrongSentinelPassword_failsAndSaysWhy() throws {
        let cluster = try SentinelCluster()
        defer { cluster.stop() }
        var config = cluster.configuration
        config.sentinel!.password = "wrong"
        do {
            _ = try RedisConnection(config)
            Issue.record("connected with a wrong Sentinel password")
        } catch {
            #expect(error.message.contains("no Sentinel named the primary"), "\(error)")
        }
    }
}
