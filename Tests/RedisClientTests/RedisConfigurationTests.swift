import RedisClient
import Testing

@Suite struct RedisConfigurationTests {
    @Test func url_withEverything_isParsed() throws {
        let c = try RedisConfiguration(url: "redis://worker:s%40cret@redis.local:6380/3")
        #expect(c.host == "redis.local")
        #expect(c.port == 6380)
        #expect(c.user == "worker")
        #expect(c.password == "s@cret")
        #expect(c.database == 3)
    }

    @Test func url_withPasswordOnly_hasNoUser() throws {
        let c = try RedisConfiguration(url: "redis://:pw@127.0.0.1:7000")
        #expect(c.user == nil)
        #expect(c.password == "pw")
        #expect(c.port == 7000)
        #expect(c.database == 0)
    }

    @Test func url_bare_usesDefaults() throws {
        let c = try RedisConfiguration(url: "redis://")
        #expect(c.host == "127.0.0.1")
        #expect(c.port == 6379)
    }

    @Test func url_withWrongSchemeOrPort_isRefused() {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "http://localhost:6379") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://localhost:99999") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://localhost:6379/x") }
    }

    @Test func redactedURL_hidesThePassword() throws {
        let c = try RedisConfiguration(url: "redis://app:topsecret@h:1/2")
        #expect(!c.redactedURL.contains("topsecret"))
        #expect(c.redactedURL == "redis://app:***@h:1/2")
    }

    @Test func command_keepsBinaryArguments() {
        var c = RedisCommand("SET", "k")
        c.append(bytes: [0, 255, 10, 13])
        #expect(c.count == 3)
        #expect(c.arguments[0] == "SET")
    }
}
