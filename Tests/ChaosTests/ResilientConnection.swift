import Foundation
import RedisClient
import TestSupport

/// The producer's and checker's connection during a chaos run: a command that fails because
/// Redis is down or still loading is sent again on a new connection until Redis answers (at most
/// `patience` s); an error reply to any command of a pipeline sends the whole pipeline again.
/// A resent XADD may enqueue a job twice; job ids make that harmless (and it is part of the test).
/// With `waitReplicas` it is a durable producer (docs/failover.md): every pipeline ends with
/// `WAIT n 1000` and counts as sent only when `n` replicas hold it.
final class ResilientConnection: @unchecked Sendable {
    // @unchecked: used by one thread (the test's), never shared.
    private let open: () throws -> RedisConnection
    private var connection: RedisConnection?
    private let patience: Double
    private let waitReplicas: Int
    /// Sends that had to be repeated (connection lost, an error reply such as LOADING, WAIT short).
    private(set) var resends = 0

    init(server: RedisServer, patience: Double = 60) {
        open = { try server.connect() }
        self.patience = patience
        waitReplicas = 0
    }

    /// Through `connect` (the Sentinels), each pipeline confirmed by `waitReplicas` replicas.
    init(waitReplicas: Int, patience: Double = 60, connect: @escaping () throws -> RedisConnection) {
        open = connect
        self.patience = patience
        self.waitReplicas = waitReplicas
    }

    @discardableResult
    func pipeline(_ commands: [RedisCommand]) throws -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        let deadline = Date().addingTimeInterval(patience)
        while true {
            do {
                if connection == nil { connection = try open() }
                var replies = try connection!.pipeline(waitReplicas > 0 ? commands + [RedisCommand("WAIT", waitReplicas, 1_000)] : commands)
                // An error reply (LOADING while Redis reads its AOF after a restart) counts as not sent.
                for reply in replies { _ = try reply.throwingServerError() }
                if waitReplicas > 0 {
                    guard replies.removeLast().int ?? 0 >= waitReplicas else { throw RedisError(.timeout, "WAIT: fewer than \(waitReplicas) replicas") }
                }
                return replies
            } catch {
                connection = nil
                resends += 1
                if Date() > deadline { throw error }
                usleep(200_000)
            }
        }
    }

    @discardableResult
    func send(_ name: String, _ arguments: any RedisArgument...) throws -> RedisReply {
        try pipeline([RedisCommand(name, arguments)])[0]
    }

    /// The hash fields of every key matching `pattern` (SCAN, then HGETALL pipelined).
    func hashes(matching pattern: String) throws -> [String: [String: String]] {
        let found = try keys(matching: pattern)
        var out: [String: [String: String]] = [:]
        for chunk in stride(from: 0, to: found.count, by: 500) {
            let part = Array(found[chunk..<min(chunk + 500, found.count)])
            let replies = try pipeline(part.map { RedisCommand("HGETALL", $0) })
            for (k, r) in zip(part, replies) { out[k] = r.fieldMap }
        }
        return out
    }

    /// Every key matching `pattern` (SCAN).
    func keys(matching pattern: String) throws -> [String] {
        var keys: [String] = []
        var cursor = "0"
        repeat {
            let reply = try send("SCAN", cursor, "MATCH", pattern, "COUNT", 1_000)
            cursor = reply.array?.first?.string ?? "0"
            keys += (reply.array?.last?.array ?? []).compactMap(\.string)
        } while cursor != "0"
        return keys
    }

    /// Every entry of a stream as its field map (with `_id`).
    func stream(_ key: String) throws -> [[String: String]] {
        (try send("XRANGE", key, "-", "+").array ?? []).compactMap { entry in
            guard let id = entry.array?.first?.string else { return nil }
            var map = entry.array?.last?.fieldMap ?? [:]
            map["_id"] = id
            return map
        }
    }
}
