import RedisClient

/// How a job ended, as written to `{p}:result:{id}.status`.
public enum ResultStatus: String, Sendable {
    /// Applied.
    case done
    /// Well-formed, but the domain refused it; not retried.
    case rejected
    /// Malformed, or retries exhausted; also in the dead-letter stream.
    case dead
}

/// A compare-and-set condition checked atomically with a job's effects: hash `key`'s `field`
/// must still hold `expected` (`""` = absent); or, with an empty `field` (``exists(_:)``), the key
/// must exist. If any guard fails, nothing is written and the handler runs again on fresh state.
/// This is how two concurrent decisions can't both win.
public struct Guard: Sendable, Equatable {
    public let key: String
    /// The hash field compared; empty for an existence guard.
    public let field: String
    public let expected: String
    public init(key: String, field: String, expected: String) {
        self.key = key
        self.field = field
        self.expected = expected
    }

    /// `key` must exist (of any type): for effects that move a key the handler wrote beforehand
    /// (RENAME fails on a missing key, and a failing effect must never be reached).
    public static func exists(_ key: String) -> Guard {
        Guard(key: key, field: "", expected: "1")
    }
}

/// What a handler decided: the result to record plus the writes to apply atomically with it.
public struct JobOutcome: Sendable {
    public var status: ResultStatus
    /// The contract's outcome code (`pending_review`, `approved`, `forbidden`, …).
    public var outcome: String
    /// One human-readable sentence.
    public var message: String
    public var errors: [FieldError]
    /// Extra result fields (`revision`, `entity`).
    public var fields: [(String, String)]
    /// Conditions on current state; see `Guard`.
    public var guards: [Guard]
    /// Writes applied atomically with the result and the ack, only if every guard holds and the
    /// job has no result yet. Key names must be the full names (from `QueueKeys` or the workflow's keys).
    public var effects: [RedisCommand]
    /// A hash field taken with the effects, only if absent; when it is taken already, the effects
    /// are skipped and the claim's own result is written (see `Claim`).
    public var claim: Claim?
    /// True for a ``step(_:effects:guards:)``: the effects are applied without a result or an ack,
    /// and the job is handled again.
    public var isStep = false

    public init(status: ResultStatus = .done, outcome: String, message: String, errors: [FieldError] = [],
                fields: [(String, String)] = [], guards: [Guard] = [], effects: [RedisCommand] = [], claim: Claim? = nil) {
        self.status = status
        self.outcome = outcome
        self.message = message
        self.errors = errors
        self.fields = fields
        self.guards = guards
        self.effects = effects
        self.claim = claim
    }

    /// A job applied (with `claim`: unless the claim's field is taken already).
    public static func done(_ outcome: String, _ message: String, effects: [RedisCommand] = [], guards: [Guard] = [],
                            fields: [(String, String)] = [], claim: Claim? = nil) -> JobOutcome {
        JobOutcome(status: .done, outcome: outcome, message: message, fields: fields, guards: guards, effects: effects, claim: claim)
    }

    /// A step of a job that needs two commits, the second decided on what the first made visible to
    /// everyone (an e-certificate closes its class, and only then reads the hours and scores the
    /// closing froze). The runtime applies `effects` now, if every guard holds and the job has no
    /// result yet, writes no result and acknowledges nothing, then handles the job again on fresh
    /// reads (a failed guard too, counted as a conflict). The handler must decide differently once
    /// its step is applied: a job takes at most `Lane.maxSteps` steps. A worker that dies after the
    /// step leaves the job pending; whoever handles it next finds the step applied.
    public static func step(_ message: String, effects: [RedisCommand], guards: [Guard]) -> JobOutcome {
        var outcome = JobOutcome(status: .done, outcome: "step", message: message, guards: guards, effects: effects)
        outcome.isStep = true
        return outcome
    }

    /// A job refused by the domain (not retried). Refusals that depend on state should carry guards too;
    /// `effects` (a notification, an event of the refusal) are applied with the result, once.
    public static func rejected(_ outcome: String, _ message: String, errors: [FieldError] = [], guards: [Guard] = [],
                                fields: [(String, String)] = [], effects: [RedisCommand] = []) -> JobOutcome {
        JobOutcome(status: .rejected, outcome: outcome, message: message, errors: errors, fields: fields, guards: guards, effects: effects)
    }
}

/// Thrown by a handler for a failure that may pass (a gateway down, a timeout): the job is retried
/// with backoff, then dead-lettered when attempts run out.
public struct TransientJobError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Thrown by a handler for a job that can never succeed as written (its payload is unreadable):
/// the job is dead-lettered at once with these errors.
public struct MalformedJobError: Error, Sendable, CustomStringConvertible {
    public let code: String
    public let errors: [FieldError]
    public init(code: String = "validation_failed", errors: [FieldError]) {
        self.code = code
        self.errors = errors
    }
    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
