/// What to do with a job whose handler failed: a pure function of the attempt number.
public struct RetryPolicy: Sendable, Equatable {
    /// Total tries, the first included. After the last, the job is dead.
    public var maxAttempts: Int
    /// Delay before the first retry.
    public var baseDelayMs: Int64
    /// Cap on any delay.
    public var maxDelayMs: Int64
    /// Share of the delay drawn at random (0…1): full jitter at 1, none at 0.
    public var jitter: Double

    public init(maxAttempts: Int = 8, baseDelayMs: Int64 = 1_000, maxDelayMs: Int64 = 600_000, jitter: Double = 0.5) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayMs = max(0, baseDelayMs)
        self.maxDelayMs = max(baseDelayMs, maxDelayMs)
        self.jitter = min(1, max(0, jitter))
    }

    /// The decision for a failed attempt.
    public enum Disposition: Sendable, Equatable {
        case retry(atMs: Int64)
        case dead(reason: String)
    }

    /// Exponential backoff with jitter: delay = min(max, base·2^(attempt-1)), of which a `jitter`
    /// share is random. `random` returns a value in 0..<1 (injected for tests).
    public func disposition(afterAttempt attempt: Int, nowMs: Int64, random: () -> Double = { Double.random(in: 0..<1) }) -> Disposition {
        guard attempt < maxAttempts else { return .dead(reason: "retries exhausted after \(attempt) attempts") }
        return .retry(atMs: nowMs + delayMs(afterAttempt: attempt, random: random))
    }

    public func delayMs(afterAttempt attempt: Int, random: () -> Double = { Double.random(in: 0..<1) }) -> Int64 {
        let exponent = min(max(attempt - 1, 0), 40)
        let raw = Double(baseDelayMs) * pow2(exponent)
        let capped = min(Double(maxDelayMs), raw)
        let fixed = capped * (1 - jitter)
        return Int64(fixed + capped * jitter * random())
    }

    private func pow2(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 2 }
        return v
    }
}
