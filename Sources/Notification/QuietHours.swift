/// SMS quiet hours in China Standard Time (UTC+8, no daylight saving): `22:00-08:00` (the
/// default) holds an SMS from 22:00 until 08:00; an empty setting turns them off.
public struct QuietHours: Sendable, Equatable {
    /// Minutes after midnight, China time.
    public let startMinute: Int
    public let endMinute: Int

    static let dayMs: Int64 = 86_400_000
    static let offsetMs: Int64 = 8 * 3_600_000

    public static let `default` = QuietHours(startMinute: 22 * 60, endMinute: 8 * 60)

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Parses `HH:MM-HH:MM`; nil for an empty setting (off). Throws on anything else.
    public static func parse(_ text: String) throws -> QuietHours? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        let parts = t.split(separator: "-")
        guard parts.count == 2, let a = minute(parts[0]), let b = minute(parts[1]), a != b else {
            throw ConfigurationError("VT_SMS_QUIET_HOURS must be HH:MM-HH:MM (or empty), got \(text)")
        }
        return QuietHours(startMinute: a, endMinute: b)
    }

    static func minute(_ s: Substring) -> Int? {
        let p = s.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// True when `nowMs` falls inside the quiet hours.
    public func contains(_ nowMs: Int64) -> Bool {
        let m = Int(((nowMs + Self.offsetMs) % Self.dayMs) / 60_000)
        return startMinute < endMinute ? (m >= startMinute && m < endMinute) : (m >= startMinute || m < endMinute)
    }

    /// The first moment after `nowMs` at which the quiet hours end.
    public func end(after nowMs: Int64) -> Int64 {
        let dayStart = ((nowMs + Self.offsetMs) / Self.dayMs) * Self.dayMs - Self.offsetMs
        var candidate = dayStart + Int64(endMinute) * 60_000
        while candidate <= nowMs { candidate += Self.dayMs }
        return candidate
    }
}

/// A setting that cannot be used.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Foundation
