import JobQueue

/// A domain event for `{p}:events`, typed `<domain>.<what happened>` (`certification.approved`,
/// `qualification.expiring`, `class.created`, `import.completed`, …); `WorkflowEffects` adds
/// `id`, `occurredAt`, `jobId` and `traceId` when it writes one.
public struct DomainEvent: Sendable, Equatable {
    public let type: String
    public let payload: JSONValue

    public init(type: String, payload: JSONValue) {
        self.type = type
        self.payload = payload
    }

    /// The event's JSON as the contract writes it in the `event` field.
    public func json(id: String, occurredAtMs: Int64, jobId: String, traceId: String?) -> JSONValue {
        ["id": .string(id), "type": .string(type), "occurredAt": .string(Timestamp.rfc3339(ms: occurredAtMs)),
         "jobId": .string(jobId), "traceId": traceId.map(JSONValue.string) ?? .null, "payload": payload]
    }
}
