import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// What an HTTP POST came to: the gateway's answer, or no answer (timeout, connection refused).
public enum HTTPResult: Sendable, Equatable {
    case answered(status: Int, body: String)
    case noAnswer(String)
}

/// Posts JSON. Called synchronously from a handler thread (handlers run on their own threads,
/// never on Swift's cooperative pool, so blocking on a semaphore here is fine).
public protocol HTTPTransport: Sendable {
    func post(_ url: String, headers: [String: String], body: [UInt8], timeoutMs: Int) -> HTTPResult
}

/// URLSession (FoundationNetworking on Linux) with a per-request timeout.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init() {
        let config = URLSessionConfiguration.ephemeral
        config.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: config)
    }

    public func post(_ url: String, headers: [String: String], body: [UInt8], timeoutMs: Int) -> HTTPResult {
        guard let u = URL(string: url), u.scheme == "http" || u.scheme == "https" else { return .answered(status: 400, body: "invalid URL") }
        var request = URLRequest(url: u, timeoutInterval: Double(timeoutMs) / 1_000)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<HTTPResult>(.noAnswer("no answer"))
        let task = session.dataTask(with: request) { data, response, error in
            let result: HTTPResult
            if let http = response as? HTTPURLResponse {
                result = .answered(status: http.statusCode, body: String(decoding: (data ?? Data()).prefix(500), as: UTF8.self))
            } else {
                result = .noAnswer(error.map { String(describing: $0.localizedDescription) } ?? "no response")
            }
            box.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        // URLSession's own timeout is an idle timeout; this bounds the whole call.
        if done.wait(timeout: .now() + .milliseconds(timeoutMs + 1_000)) == .timedOut {
            task.cancel()
            return .noAnswer("timed out after \(timeoutMs) ms")
        }
        return box.withLock { $0 }
    }
}
