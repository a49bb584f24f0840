import JobQueue

/// A message to an institution, enqueued as a `notification.requested` job. Texts are Chinese;
/// `params` carry the template's values plus the rendered `title` and `body`.
public struct NotificationRequest: Sendable, Equatable {
    public let institutionId: String
    /// `certification.submitted`, `certification.approved`, `certification.rejected`.
    public let template: String
    public let params: [String: String]

    public init(institutionId: String, template: String, params: [String: String]) {
        self.institutionId = institutionId
        self.template = template
        self.params = params
    }

    /// The notification id for the job that caused it: `notif-<jobId>`, shortened with a hash
    /// when that would pass the contract's 64 characters (a re-run gives the same id).
    public static func notificationId(forJob jobId: String) -> String {
        let plain = "notif-\(jobId)"
        if plain.utf8.count <= 64 { return plain }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in jobId.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "notif-\(jobId.prefix(41))-\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    /// The envelope of the `notification.requested` job.
    public func envelope(jobId: String, nowMs: Int64, traceId: String?, producer: String = "certification-worker") -> JobEnvelope {
        let id = Self.notificationId(forJob: jobId)
        return JobEnvelope(id: id, type: "notification.requested", createdAt: Timestamp.rfc3339(ms: nowMs),
                           producer: producer, traceId: traceId,
                           payload: ["notificationId": .string(id), "institutionId": .string(institutionId),
                                     "template": .string(template), "params": .object(params.mapValues(JSONValue.string))])
    }
}
