import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, on its own thread, for gateway tests:
/// it records every request and answers from a script (status codes, hangs) then a default.
/// One request per connection (`Connection: close`).
public final class TestHTTPServer: Sendable {
    public struct Request: Sendable {
        public let method: String
        /// Path and query, as sent.
        public let target: String
        public let headers: [String: String]
        public let body: String
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    /// One answer: a status and body, or a hang of `ms` before answering 200.
    public enum Reply: Sendable {
        case status(Int, String = "{}")
        case hang(ms: Int)
    }

    public let port: Int
    private let fd: Int32
    private let state = Mutex<(requests: [Request], script: [Reply], fallback: Reply, stopped: Bool)>(([], [], .status(200, "{\"errcode\":0}"), false))
    private let responder = Mutex<(@Sendable (Request) -> Reply)?>(nil)

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        self.fd = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "test-http"
        thread.start()
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Answers the next requests with these replies, in order; then the fallback.
    public func script(_ replies: [Reply]) { state.withLock { $0.script += replies } }
    /// The answer once the script is used up.
    public func setFallback(_ reply: Reply) { state.withLock { $0.fallback = reply } }
    public var requests: [Request] { state.withLock { $0.requests } }
    /// Answers every request with what `decide` returns (it sees the request), instead of the
    /// script and fallback: a gateway that fails part of the time.
    public func setResponder(_ decide: @escaping @Sendable (Request) -> Reply) { responder.withLock { $0 = decide } }

    public func stop() {
        state.withLock { $0.stopped = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { if state.withLock({ $0.stopped }) { return }; continue }
            let t = Thread { [self] in serve(client) }
            t.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            if headerEnd == nil, let r = Self.find(data, [13, 10, 13, 10]) {
                headerEnd = r + 4
                let head = String(decoding: data[0..<r], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let h = headerEnd, data.count >= h + contentLength { break }
        }
        let h = headerEnd!
        let head = String(decoding: data[0..<(h - 4)], as: UTF8.self).split(separator: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(method: requestLine.count > 0 ? String(requestLine[0]) : "", target: requestLine.count > 1 ? String(requestLine[1]) : "",
                              headers: headers, body: String(decoding: data[h..<(h + contentLength)], as: UTF8.self))
        let decide = responder.withLock { $0 }
        let scripted: Reply? = state.withLock { s in
            s.requests.append(request)
            if decide != nil { return nil }
            return s.script.isEmpty ? s.fallback : s.script.removeFirst()
        }
        let reply = scripted ?? decide!(request)
        var status = 200, body = "{\"errcode\":0}"
        switch reply {
        case .status(let code, let b): status = code; body = b
        case .hang(let ms): usleep(useconds_t(ms * 1_000))
        }
        let response = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = response.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) }
    }

    private static func find(_ data: [UInt8], _ needle: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for i in 0...(data.count - needle.count) where Array(data[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}
