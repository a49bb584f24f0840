import Foundation
import Synchronization

/// Where time comes from. Injected everywhere: backoff, heartbeats, leases, expiry and quiet hours
/// are tested with `ManualClock`, never with sleeps.
public protocol Clock: Sendable {
    /// Milliseconds since the Unix epoch.
    func nowMs() -> Int64
}

/// The system's wall clock.
public struct SystemClock: Clock {
    public init() {}
    public func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock the test moves by hand.
public final class ManualClock: Clock {
    private let ms: Mutex<Int64>
    public init(nowMs: Int64) { ms = Mutex(nowMs) }
    public func nowMs() -> Int64 { ms.withLock { $0 } }
    public func advance(byMs delta: Int64) { ms.withLock { $0 += delta } }
    public func set(nowMs: Int64) { ms.withLock { $0 = nowMs } }
}

/// The system clock shifted by an offset: how an end-to-end test moves a real worker's time
/// (`VT_CLOCK_OFFSET_MS`) without sleeping.
public struct OffsetClock: Clock {
    public let offsetMs: Int64
    public init(offsetMs: Int64) { self.offsetMs = offsetMs }
    public func nowMs() -> Int64 { SystemClock().nowMs() + offsetMs }
}

/// A monotonic reading in nanoseconds, for durations.
@inline(__always) func monotonicNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
