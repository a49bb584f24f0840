import JobQueue
import Synchronization

/// In-process circuit breakers, one per gateway: after `threshold` consecutive failures the
/// gateway is not called for `openMs`; then one call is let through (half-open) and its answer
/// closes or re-opens the breaker. Each worker process keeps its own.
public final class CircuitBreakers: Sendable {
    struct State { var failures = 0; var openUntil: Int64 = 0 }
    public let threshold: Int
    public let openMs: Int64
    private let states = Mutex<[String: State]>([:])

    public init(threshold: Int = 5, openMs: Int64 = 30_000) {
        self.threshold = threshold
        self.openMs = openMs
    }

    /// Nil when the gateway may be called, else when the breaker lets calls through again.
    public func openUntil(_ gateway: String, nowMs: Int64) -> Int64? {
        states.withLock { s in
            guard let until = s[gateway]?.openUntil, until > nowMs else { return nil }
            return until
        }
    }

    public func recordSuccess(_ gateway: String) { states.withLock { $0[gateway] = State() } }

    public func recordFailure(_ gateway: String, nowMs: Int64) {
        states.withLock { s in
            var state = s[gateway] ?? State()
            state.failures += 1
            if state.failures >= threshold { state.openUntil = nowMs + openMs; state.failures = threshold - 1 }
            s[gateway] = state
        }
    }
}
