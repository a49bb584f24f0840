import Foundation
import RedisClient
import TestSupport
import Testing

/// Commands written as the protocol's bytes: exactly RESP, arguments of every length (a length
/// written after its argument, across every count of digits), and what a real Redis does with them.
@Suite struct RedisProtocolBufferTests {
    static func resp(_ arguments: [[UInt8]]) -> [UInt8] {
        var out = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments { out += Array("$\(argument.count)\r\n".utf8) + argument + [13, 10] }
        return out
    }

    @Test func bytes_areRESP_forEveryWayOfAppending() {
        var buffer = RedisProtocolBuffer()
        #expect(buffer.isComplete && buffer.commands == 0)
        buffer.begin(arguments: 4)
        buffer.append("HSET")
        buffer.append("键")
        #expect(!buffer.isComplete && buffer.commands == 0)
        buffer.append(bytes: [0, 13, 10, 255])
        buffer.appendArgument { $0 += Array("值".utf8) }
        buffer.append(RedisCommand("EXPIRE", "键", "3600"))
        #expect(buffer.isComplete && buffer.commands == 2)
        #expect(buffer.bytes == Self.resp([Array("HSET".utf8), Array("键".utf8), [0, 13, 10, 255], Array("值".utf8)])
                + Self.resp([Array("EXPIRE".utf8), Array("键".utf8), Array("3600".utf8)]))
    }

    /// The length of an argument written in place is written before it afterwards: every number of
    /// digits, an empty argument, and one as wide as the placeholder.
    @Test(arguments: [0, 1, 9, 10, 99, 100, 999, 1_000, 12_345, 100_000, 1_234_567])
    func appendArgument_anyLength(_ length: Int) {
        let argument = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var buffer = RedisProtocolBuffer()
        buffer.begin(arguments: 3)
        buffer.appendArgument { $0 += Array("SET".utf8) }
        buffer.appendArgument { $0 += argument }
        buffer.append("after")
        #expect(buffer.bytes == Self.resp([Array("SET".utf8), argument, Array("after".utf8)]))
        // Written through a pointer, their lengths known first: the same bytes.
        var inPlace = RedisProtocolBuffer()
        inPlace.begin(arguments: 3)
        let arguments = [Array("SET".utf8), argument]
        inPlace.appendArguments(arguments.map(\.count)) { i, at in
            arguments[i].withUnsafeBufferPointer { if let base = $0.baseAddress { at.update(from: base, count: $0.count) } }
        }
        #expect(!inPlace.isComplete && inPlace.commands == 0)
        inPlace.append("after")
        #expect(inPlace.bytes == buffer.bytes && inPlace.commands == 1)
    }

    @Test func realRedis_takesTheCommands_andRepliesInOrder() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let c = try server.connect()
        var buffer = RedisProtocolBuffer()
        var expected: [String: [UInt8]] = [:]
        for chunk in 0..<3 {
            buffer.begin(arguments: 2 + 2 * 500)
            buffer.append("HSET")
            buffer.append("h")
            for i in 0..<500 {
                let field = "f\(chunk * 500 + i)"
                let value = Array(String(repeating: "值\(i)", count: i % 40).utf8)
                expected[field] = value
                buffer.append(field)
                buffer.appendArgument { $0 += value }
            }
        }
        buffer.append(RedisCommand("HLEN", "h"))
        buffer.append(RedisCommand("LPUSH", "h", "x"))
        let replies = try c.pipeline(buffer)
        #expect(replies.count == 5)
        #expect(replies.prefix(3).allSatisfy { $0 == .integer(500) })
        #expect(replies[3] == .integer(1_500))
        if case .error(let message) = replies[4] { #expect(message.hasPrefix("WRONGTYPE")) } else { Issue.record("expected WRONGTYPE") }
        for (field, value) in expected.prefix(50) { #expect(try c.send("HGET", "h", field).bytes == value) }

        // Written without waiting, read afterwards: the same connection then serves as before.
        var more = RedisProtocolBuffer()
        more.append(RedisCommand("INCR", "n"))
        more.append(RedisCommand("INCR", "n"))
        try c.write(more)
        try c.write(more)
        #expect(try c.replies(4) == [.integer(1), .integer(2), .integer(3), .integer(4)])
        #expect(try c.send("PING") == .status("PONG"))
    }
}
