import JobQueue

/// A message to an institution, enqueued as a `notification.requested` job by the workflow whose
/// step caused it. Texts are Chinese; `params` carry the template's values plus the rendered
/// `title` and `body`.
public struct NotificationRequest: Sendable, Equatable {
    public let institutionId: String
    /// The template's name (`certification.approved`, `qualification.expiring`, `class.created`, …).
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
        return "notif-\(jobId.prefix(41))-\(ShortID.hex(jobId, padded: true))"
    }

    /// The envelope of the `notification.requested` job; `producer` is the worker enqueuing it.
    public func envelope(jobId: String, nowMs: Int64, traceId: String?, producer: String) -> JobEnvelope {
        let id = Self.notificationId(forJob: jobId)
        return JobEnvelope(id: id, type: "notification.requested", createdAt: Timestamp.rfc3339(ms: nowMs),
                           producer: producer, traceId: traceId,
                           payload: ["notificationId": .string(id), "institutionId": .string(institutionId),
                                     "template": .string(template), "params": .object(params.mapValues(JSONValue.string))])
    }
}
