import JobQueue
import WireContract
import WorkflowKernel

/// A job checked by its worker's own decoder before it is sent: `vtctl enqueue`, and every
/// workflow command that builds its payload from options (`class create`, `class add-student`,
/// `scores set`, …). A refused payload is never sent: its field errors are printed, exit 3.
enum CheckedJob {
    /// Prints why a payload was refused: on standard error, or `{"enqueued": false, "errors": […]}`
    /// with `--json`. Exit code `rejected`.
    static func refuse(_ s: Session, _ problems: [FieldError]) -> ExitCode {
        if s.json { s.outJSON(["enqueued": false, "errors": .array(problems.map(\.json))]) } else {
            s.err("not enqueued: \(problems.count) invalid field\(problems.count == 1 ? "" : "s")")
            for p in problems { s.err("  \(p.field): \(p.code): \(p.message)") }
        }
        return .rejected
    }

    /// Decodes `payload` with the worker's decoder; a valid one is sent as its request's JSON
    /// (`encode`) in a fresh envelope (job id `vtctl-<kind>-…`) on its type's queue, and the
    /// result is waited for and printed (`Session.enqueueAndWait`).
    static func submit<Request>(_ s: Session, type: String, payload: JSONValue, decode: (JSONValue) -> Result<Request, ValidationErrors>,
                                encode: (Request) -> JSONValue, kind: String, timeoutSeconds: Int) throws -> ExitCode {
        let request: Request
        switch decode(payload) {
        case .failure(let errors): return refuse(s, errors.errors)
        case .success(let decoded): request = decoded
        }
        let jobId = Session.newJobId(kind)
        let envelope = JobEnvelope(id: jobId, type: type, createdAt: Timestamp.rfc3339(ms: s.clock.nowMs()), producer: Session.producerName,
                                   traceId: jobId, payload: encode(request))
        return try s.enqueueAndWait(jobId: jobId, job: Array(envelope.jsonString.utf8), timeoutSeconds: timeoutSeconds,
                                    queue: WireContract.queueOfType[type] ?? "")
    }

    /// ``submit(_:type:payload:decode:encode:kind:timeoutSeconds:)`` of a job about a class:
    /// `{"classId", "institutionId", field: the input's JSON}`, the institution `--institution` or
    /// the class's own. Exit 1 (nothing sent) when the file does not read or the class does not exist.
    static func submit<Request>(_ s: Session, classId: String, institutionId: String?, field: String, input: PayloadInput, type: String,
                                decode: (JSONValue) -> Result<Request, ValidationErrors>, encode: (Request) -> JSONValue, kind: String,
                                timeoutSeconds: Int) throws -> ExitCode {
        guard let value = try input.value(s), let institutionId = try ClassOwner.institution(s, classId: classId, given: institutionId) else {
            return .error
        }
        let payload: JSONValue = ["classId": .string(classId), "institutionId": .string(institutionId), field: value]
        return try submit(s, type: type, payload: payload, decode: decode, encode: encode, kind: kind, timeoutSeconds: timeoutSeconds)
    }

    /// `vtctl enqueue`'s path: the job of a file (a payload, wrapped in a fresh envelope, or a whole
    /// envelope, sent as written) checked by the decoder of `type`, enqueued on its type's queue;
    /// with `wait`, its result waited for and printed.
    static func enqueue(_ s: Session, type: String, file: String, kind: String, wait: Bool, timeoutSeconds: Int) throws -> ExitCode {
        guard let data = JobFile.read(s, file) else { return .error }
        let (jobId, job) = try JobFile.job(fromFile: Array(data), newJobId: Session.newJobId(kind), nowMs: s.clock.nowMs(),
                                           producer: Session.producerName, type: type)
        let envelope = try JobEnvelope.decode(job)
        let queue = WireContract.queueOfType[type] ?? ""
        if let problems = EnqueueCommand.payloadErrors(type: type, payload: envelope.payload), !problems.isEmpty { return refuse(s, problems) }
        if wait { return try s.enqueueAndWait(jobId: jobId, job: job, timeoutSeconds: timeoutSeconds, queue: queue) }
        let entry = try s.connection.send(s.producer.enqueueRawCommand(job, queue: queue)).string ?? ""
        if s.json { s.outJSON(["enqueued": true, "jobId": .string(jobId), "queue": .string(queue), "entryId": .string(entry)]) } else {
            s.out("enqueued job \(jobId) on \(queue) (entry \(entry)); vtctl job show \(jobId) for its result")
        }
        return .ok
    }
}
