import QualificationQueries
/// The workflow's own settings, from the environment (the runtime's come from `WorkerConfiguration`).
public struct QualificationSettings: Sendable, Equatable {
    /// `VT_EXPIRY_REMINDER_DAYS`: days before the end of validUntil to remind, comma-separated (default 30,7,1).
    public var reminderDays: [Int] = ExpiryStep.defaultReminderDays
    /// `VT_EXPIRY_SWEEP_MS`: how often the expiry sweep runs (default 60 s).
    public var sweepIntervalMs: Int64 = 60_000
    /// `VT_EXPIRY_SWEEP_BATCH`: due members taken per round trip (default 500).
    public var sweepBatch: Int = 500

    public init(reminderDays: [Int] = ExpiryStep.defaultReminderDays, sweepIntervalMs: Int64 = 60_000, sweepBatch: Int = 500) {
        self.reminderDays = reminderDays
        self.sweepIntervalMs = sweepIntervalMs
        self.sweepBatch = sweepBatch
    }

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads `VT_EXPIRY_REMINDER_DAYS`, `VT_EXPIRY_SWEEP_MS`, `VT_EXPIRY_SWEEP_BATCH`.
    public static func load(environment: [String: String]) throws(Invalid) -> QualificationSettings {
        var s = QualificationSettings()
        if let text = environment["VT_EXPIRY_REMINDER_DAYS"] {
            let parts = text.split(separator: ",").map { Int($0.filter { $0 != " " }) }
            guard parts.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) <= 3650 }) else {
                throw Invalid(description: "VT_EXPIRY_REMINDER_DAYS must be positive day counts separated by commas, got \(text)")
            }
            s.reminderDays = parts.compactMap { $0 }
        }
        if let text = environment["VT_EXPIRY_SWEEP_MS"] {
            guard let ms = Int64(text), ms >= 10 else { throw Invalid(description: "VT_EXPIRY_SWEEP_MS must be at least 10, got \(text)") }
            s.sweepIntervalMs = ms
        }
        if let text = environment["VT_EXPIRY_SWEEP_BATCH"] {
            guard let n = Int(text), (1...10_000).contains(n) else { throw Invalid(description: "VT_EXPIRY_SWEEP_BATCH must be 1-10000, got \(text)") }
            s.sweepBatch = n
        }
        return s
    }
}
