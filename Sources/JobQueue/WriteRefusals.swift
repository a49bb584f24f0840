import Foundation
import RedisClient
import Synchronization

/// Whether Redis is refusing this worker's writes now: `OOM` (maxmemory reached under
/// `noeviction`), `NOREPLICAS` or `MISCONF`. A lane that meets one keeps its batch, waits and
/// tries the same ends again, fetching nothing new; the first commit that goes through clears
/// it. `/readyz` answers 503 with the reason while it lasts; `vt_redis_oom_total` counts the OOM
/// refusals. Time is monotonic: backoff is about real waiting, not the job clock.
final class WriteRefusals: Sendable {
    struct State: Equatable {
        var message: String
        var sinceNs: UInt64
        var lastNs: UInt64
    }

    /// A refusal older than this, with no refusal since, no longer counts (nothing tried to write).
    static let staleAfterNs: UInt64 = 15_000_000_000
    /// Longest wait between two tries of a refused write.
    static let maxDelayMs = 5_000

    private let state = Mutex<State?>(nil)
    private let active = Atomic<Bool>(false)

    /// How long to wait before trying again, when writes have been refused for `refusedForMs`:
    /// 100 ms at first, half the time refused so far, at most 5 s; jittered by the caller.
    static func delayMs(refusedForMs: Int) -> Int { min(maxDelayMs, max(100, refusedForMs / 2)) }

    /// Nanoseconds from `start` to `end`, 0 when `end` is earlier: each thread reads the clock
    /// before it takes the lock, so another may have recorded a later time in between (two lanes
    /// refused at once: the subtraction overflowed and the worker stopped, seen in CI).
    static func elapsed(from start: UInt64, to end: UInt64) -> UInt64 { end > start ? end - start : 0 }

    /// Records a refusal. Returns true when it starts a new period of refusals (log it then).
    @discardableResult
    func refused(_ message: String, nowNs: UInt64 = monotonicNs()) -> Bool {
        active.store(true, ordering: .releasing)
        return state.withLock { s in
            if var current = s, Self.elapsed(from: current.lastNs, to: nowNs) < Self.staleAfterNs {
                current.lastNs = max(current.lastNs, nowNs)
                current.message = message
                s = current
                return false
            }
            s = State(message: message, sinceNs: nowNs, lastNs: nowNs)
            return true
        }
    }

    /// A write went through: returns how long writes had been refused (ns), nil if they were not.
    @discardableResult
    func accepted(nowNs: UInt64 = monotonicNs()) -> UInt64? {
        guard active.load(ordering: .acquiring) else { return nil }
        active.store(false, ordering: .releasing)
        return state.withLock { s in
            defer { s = nil }
            return s.map { Self.elapsed(from: $0.sinceNs, to: nowNs) }
        }
    }

    /// The refusal in force: its message and how long it has lasted (ns).
    func current(nowNs: UInt64 = monotonicNs()) -> (message: String, forNs: UInt64)? {
        guard active.load(ordering: .acquiring) else { return nil }
        return state.withLock { s in
            guard let s, Self.elapsed(from: s.lastNs, to: nowNs) < Self.staleAfterNs else { return nil }
            return (s.message, Self.elapsed(from: s.sinceNs, to: nowNs))
        }
    }
}

extension WorkerRuntime {
    /// Redis refused a write (`error.refusesWrites`): counts it, logs the start of a refusal
    /// period, and sleeps the backoff. The caller then tries the same work again.
    func backOff(afterRefusal error: RedisError, role: String) {
        if error.isOutOfMemory { metrics.increment("redis_oom") }
        let nowNs = monotonicNs()
        if refusals.refused(error.message, nowNs: nowNs) {
            logger.warning("Redis refuses writes; backing off and keeping the jobs until it accepts them again",
                           ["error": .string(error.message), "role": .string(role)])
        }
        let refusedForMs = Int((refusals.current(nowNs: nowNs)?.forNs ?? 0) / 1_000_000)
        let delay = Self.jittered(WriteRefusals.delayMs(refusedForMs: refusedForMs))
        var slept = 0
        while slept < delay && !isStopping {
            usleep(useconds_t(min(100, delay - slept) * 1_000))
            slept += 100
        }
    }

    /// A write went through: logs the end of a refusal period, if one was on.
    func writesAccepted() {
        if let refusedNs = refusals.accepted() {
            logger.info("Redis accepts writes again", ["refusedForMs": .number(Double(refusedNs / 1_000_000))])
        }
    }

    static func jittered(_ ms: Int) -> Int { ms * 3 / 4 + Int.random(in: 0...max(1, ms / 4)) }
}
