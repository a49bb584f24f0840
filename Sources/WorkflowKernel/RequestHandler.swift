import JobQueue

/// A handler of one message type in two steps: decode the payload into a validated request
/// value, then handle the request. The runtime's `handle(_:context:)` is written once, here: a
/// payload that does not decode ends `validation_failed` with every field error, and the job's
/// entity named when the payload's `entityField` reads as an identifier.
public protocol RequestHandler: JobHandler {
    /// The validated payload.
    associatedtype Request
    /// The payload field naming what the job concerns (`institutionId`, `applicationId`, `classId`, …).
    var entityField: String { get }
    /// The request, or every field error of the payload.
    func decode(_ payload: JSONValue) -> Result<Request, ValidationErrors>
    /// Handles a valid request: reads through `context`, returns the outcome with its writes.
    func handle(_ request: Request, job: Job, context: JobContext) throws -> JobOutcome
}

extension RequestHandler {
    public func handle(_ job: Job, context: JobContext) throws -> JobOutcome {
        switch decode(job.payload) {
        case .success(let request): return try handle(request, job: job, context: context)
        case .failure(let invalid): return .validationFailed(invalid, payload: job.payload, entityField: entityField)
        }
    }
}

extension Job {
    /// The log fields every handler's lines start with: `jobId` and `traceId`.
    public func logFields(_ more: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["jobId": .string(id), "traceId": envelope.traceId.map(JSONValue.string) ?? .null]
        fields.merge(more) { _, new in new }
        return fields
    }
}
