import Foundation
import Synchronization
import TestSupport

/// The SMS gateway and the platform webhook of a chaos run: a local HTTP server that fails part
/// of the time (500s, and hangs longer than the workers' timeout that then answer 200, as a
/// gateway that accepted late would) and records every call with its idempotency key.
final class FlakyGateway: Sendable {
    /// One call as the gateway saw it.
    struct Call: Sendable {
        /// `sms` or `webhook`.
        let channel: String
        let idempotencyKey: String
        let phone: String?
        let status: Int
        /// Answered after the caller had given up.
        let late: Bool
    }

    let server: TestHTTPServer
    private let calls = Mutex<[Call]>([])
    private let failPercent: Int, hangPercent: Int, hangMs: Int

    /// `failPercent` of calls answer 500; `hangPercent` hang `hangMs` and then answer 200.
    init(failPercent: Int = 15, hangPercent: Int = 5, hangMs: Int = 1_500) throws {
        server = try TestHTTPServer()
        self.failPercent = failPercent
        self.hangPercent = hangPercent
        self.hangMs = hangMs
        server.setResponder { [self] request in answer(request) }
    }

    var smsURL: String { server.url + "/sms" }
    var webhookURL: String { server.url + "/webhook" }
    var recorded: [Call] { calls.withLock { $0 } }

    private func answer(_ request: TestHTTPServer.Request) -> TestHTTPServer.Reply {
        let roll = Int.random(in: 0..<100)
        let sms = request.target.hasPrefix("/sms")
        let json = request.json
        let key = sms ? (json?["idempotencyKey"] as? String ?? "") : (request.headers["idempotency-key"] ?? "")
        let late = roll < hangPercent
        let status = late ? 200 : (roll < hangPercent + failPercent ? 500 : 200)
        calls.withLock { $0.append(Call(channel: sms ? "sms" : "webhook", idempotencyKey: key, phone: json?["phone"] as? String,
                                        status: status, late: late)) }
        return late ? .hang(ms: hangMs) : .status(status, status == 200 ? "{\"ok\":true}" : "{\"error\":\"unavailable\"}")
    }

    func stop() { server.stop() }
}
