import Foundation
import Synchronization

/// JSON-line logs on stderr: one object per line with `ts`, `level`, `msg`, the component and any
/// fields (job id, trace id). Never pass an unmasked ID number, phone or secret as a field.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug = 0, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
        var name: String { ["debug", "info", "warning", "error"][rawValue] }
    }

    public let level: Level
    public let component: String
    let clock: any Clock
    let sink: LogSink

    public init(component: String, level: Level = .info, clock: any Clock = SystemClock(), sink: LogSink = .stderr) {
        self.component = component
        self.level = level
        self.clock = clock
        self.sink = sink
    }

    public func with(component: String) -> Logger { Logger(component: component, level: level, clock: clock, sink: sink) }

    public func isEnabled(_ l: Level) -> Bool { l >= level }

    public func debug(_ msg: @autoclosure () -> String, _ fields: @autoclosure () -> [String: JSONValue] = [:]) { log(.debug, msg(), fields()) }
    public func info(_ msg: @autoclosure () -> String, _ fields: @autoclosure () -> [String: JSONValue] = [:]) { log(.info, msg(), fields()) }
    public func warning(_ msg: @autoclosure () -> String, _ fields: @autoclosure () -> [String: JSONValue] = [:]) { log(.warning, msg(), fields()) }
    public func error(_ msg: @autoclosure () -> String, _ fields: @autoclosure () -> [String: JSONValue] = [:]) { log(.error, msg(), fields()) }

    public func log(_ l: Level, _ msg: @autoclosure () -> String, _ fields: @autoclosure () -> [String: JSONValue] = [:]) {
        guard l >= level else { return }
        var object = fields()
        object["ts"] = .string(Timestamp.rfc3339(ms: clock.nowMs()))
        object["level"] = .string(l.name)
        object["component"] = .string(component)
        object["msg"] = .string(msg())
        sink.write(JSONValue.object(object).jsonString + "\n")
    }
}

/// Where log lines go: stderr, or memory for tests.
public final class LogSink: Sendable {
    private let capturing: Bool
    private let lines = Mutex<[String]>([])

    private init(capturing: Bool) { self.capturing = capturing }

    public static let stderr = LogSink(capturing: false)
    public static func memory() -> LogSink { LogSink(capturing: true) }

    public var captured: [String] { lines.withLock { $0 } }

    func write(_ line: String) {
        if capturing {
            lines.withLock { $0.append(line) }
            return
        }
        var line = line
        lines.withLock { _ in
            line.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }
}
