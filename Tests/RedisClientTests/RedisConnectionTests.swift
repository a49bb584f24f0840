import Foundation
import RedisClient
import TestSupport
import Testing

@Suite(.serialized) struct RedisConnectionTests {
    @Test func send_roundTripsEveryReplyType() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        #expect(try c.send("PING") == .status("PONG"))
        #expect(try c.send("SET", "k", "v") == .status("OK"))
        #expect(try c.send("GET", "k") == .bulk(Array("v".utf8)))
        #expect(try c.send("GET", "missing") == .null)
        #expect(try c.send("INCR", "n") == .integer(1))
        #expect(try c.send("RPUSH", "l", "a", "b").int == 2)
        #expect(try c.send("LRANGE", "l", 0, -1).array?.compactMap(\.string) == ["a", "b"])
    }

    @Test func send_isBinarySafe() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        let bytes: [UInt8] = [0, 1, 2, 255, 13, 10, 0]
        var set = RedisCommand("SET", "bin")
        set.append(bytes: bytes)
        try c.send(set)
        #expect(try c.send("GET", "bin").bytes == bytes)
    }

    @Test func serverError_isThrownAndConnectionStaysUsable() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        try c.send("SET", "s", "x")
        #expect(throws: RedisError.self) { try c.send("LPUSH", "s", "y") }
        do {
            try c.send("NOSUCHCOMMAND")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .server)
        }
        #expect(c.isConnected)
        #expect(try c.send("PING") == .status("PONG"))
    }

    @Test func pipeline_returnsRepliesInOrderWithErrorsInPlace() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        let replies = try c.pipeline([
            RedisCommand("SET", "a", "1"), RedisCommand("INCR", "a"), RedisCommand("HGET", "a", "f"), RedisCommand("GET", "a"),
        ])
        #expect(replies.count == 4)
        #expect(replies[1] == .integer(2))
        if case .error(let m) = replies[2] { #expect(m.hasPrefix("WRONGTYPE")) } else { Issue.record("expected WRONGTYPE") }
        #expect(replies[3].string == "2")
    }

    @Test func connect_withPassword_authenticatesAndSelectsDatabase() throws {
        let server = try RedisServer(password: "pw-123")
        defer { server.stop() }
        let c = try RedisConnection(try RedisConfiguration(url: "redis://:pw-123@127.0.0.1:\(server.port)/4"))
        try c.send("SET", "in-db-4", "yes")
        let other = try RedisConnection(try RedisConfiguration(url: "redis://:pw-123@127.0.0.1:\(server.port)/0"))
        #expect(try other.send("GET", "in-db-4") == .null)
        #expect(throws: RedisError.self) { try RedisConnection(try RedisConfiguration(url: "redis://:wrong@127.0.0.1:\(server.port)/0")) }
        #expect(throws: RedisError.self) { try RedisConnection(try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)/0")).send("GET", "x") }
    }

    @Test func connect_withACLUser_authenticatesAsThatUser() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let admin = try server.connect()
        try admin.send("ACL", "SETUSER", "worker", "on", ">w-pass", "~vt:*", "+@all")
        let c = try RedisConnection(try RedisConfiguration(url: "redis://worker:w-pass@127.0.0.1:\(server.port)/0"))
        #expect(try c.send("ACL", "WHOAMI").string == "worker")
        try c.send("SET", "vt:ok", "1")
        #expect(throws: RedisError.self) { try c.send("SET", "other:key", "1") }
        do {
            _ = try RedisConnection(try RedisConfiguration(url: "redis://worker:bad@127.0.0.1:\(server.port)/0"))
            Issue.record("expected authentication failure")
        } catch {
            #expect(error.kind == .authentication)
        }
    }

    @Test func connect_toClosedPort_failsWithConnectionError() throws {
        let port = try RedisServer.freePort()
        do {
            _ = try RedisConnection(RedisConfiguration(port: port, connectTimeoutMs: 500))
            Issue.record("expected a connection error")
        } catch {
            #expect(error.kind == .connection)
        }
    }

    @Test func command_longerThanTimeout_failsWithTimeoutAndReconnects() throws {
        let server = try RedisServer()
        defer { server.stop() }
        var config = server.configuration
        config.commandTimeoutMs = 200
        let c = try RedisConnection(config)
        do {
            try c.send("BLPOP", "never", 2)
            Issue.record("expected a timeout")
        } catch {
            #expect(error.kind == .timeout)
        }
        #expect(!c.isConnected)
        #expect(c.reconnect())
        #expect(try c.send("PING") == .status("PONG"))
    }

    @Test func serverRestart_breaksTheConnection_andReconnectRecovers() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        try c.send("SET", "durable", "1")
        try server.restart()
        #expect(throws: RedisError.self) { try c.send("GET", "durable") }
        #expect(c.reconnect())
        #expect(try c.send("GET", "durable").string == "1")
        #expect(c.reconnectCount == 1)
    }

    @Test func script_isReloadedAfterScriptFlush() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        let script = RedisScript(name: "add", source: "return tonumber(ARGV[1]) + 1")
        #expect(try c.eval(script, keys: [], arguments: [41]).int == 42)
        try c.send("SCRIPT", "FLUSH")
        #expect(try c.eval(script, keys: [], arguments: [1]).int == 2)
    }
}
