/// One delivery of a job: its envelope plus where it came from.
public struct Job: Sendable {
    public let envelope: JobEnvelope
    /// The queue (`certification`, …) it was read from.
    public let queue: String
    /// The stream entry id of this delivery.
    public let entryId: String
    /// 1 for the first try, 2 for the first retry, …
    public let attempt: Int

    public init(envelope: JobEnvelope, queue: String, entryId: String, attempt: Int) {
        self.envelope = envelope
        self.queue = queue
        self.entryId = entryId
        self.attempt = attempt
    }

    public var id: String { envelope.id }
    public var type: String { envelope.type }
    public var payload: JSONValue { envelope.payload }
}

/// A stream entry as fetched: the raw `job` field and the runtime's bookkeeping fields.
struct StreamEntry: Sendable {
    let id: String
    /// The `job` field's bytes (`nil` if the entry has none).
    let raw: [UInt8]?
    /// Attempts already made before this delivery (the `attempts` field; 0 when absent).
    let previousAttempts: Int
    /// The last error of a retried job, carried along for the dead letter.
    let lastError: String?
    /// How many workers died holding this job (the `deliveries` field a reclaim writes).
    var deliveries: Int = 0
}
