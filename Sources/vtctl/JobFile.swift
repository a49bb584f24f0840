import Foundation
import JobQueue

/// The JSON document a command enqueues from (`--file FILE`, `-` = standard input): a whole
/// envelope, sent as written, or a payload, wrapped in a fresh envelope.
enum JobFile {
    /// The job to enqueue for a file's JSON: an object with `type` and `payload` is an envelope
    /// (checked, sent as written; its type must be `type`); any other object is a payload.
    static func job(fromFile bytes: [UInt8], newJobId: String, nowMs: Int64, producer: String,
                    type: String) throws(UsageError) -> (jobId: String, job: [UInt8]) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw UsageError("the file is not JSON: \(error.message)")
        }
        guard case .object(let object) = document else { throw UsageError("the file must hold a JSON object") }
        if object["payload"] != nil && object["type"] != nil {
            let envelope: JobEnvelope
            do {
                envelope = try JobEnvelope.decode(bytes)
            } catch {
                throw UsageError("the envelope is invalid: \(error.description)")
            }
            guard envelope.type == type else { throw UsageError("the envelope's type must be \(type)") }
            return (envelope.id, bytes)
        }
        let envelope = JobEnvelope(id: newJobId, type: type, createdAt: Timestamp.rfc3339(ms: nowMs),
                                   producer: producer, traceId: newJobId, payload: document)
        return (newJobId, Array(envelope.jsonString.utf8))
    }

    /// A file's bytes (`-` = standard input), nil after printing why not.
    static func read(_ s: Session, _ file: String) -> Data? {
        do {
            return file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            s.err("cannot read \(file): \(error.localizedDescription)")
            return nil
        }
    }

    /// Reads `file`, makes its job of `type` (id `vtctl-<kind>-…` when the file is a payload),
    /// enqueues it on `queue` and waits for the result.
    static func enqueueAndWait(_ s: Session, file: String, type: String, kind: String, queue: String, timeoutSeconds: Int) throws -> ExitCode {
        guard let data = read(s, file) else { return .error }
        let (jobId, job) = try job(fromFile: Array(data), newJobId: Session.newJobId(kind), nowMs: s.clock.nowMs(),
                                   producer: Session.producerName, type: type)
        return try s.enqueueAndWait(jobId: jobId, job: job, timeoutSeconds: timeoutSeconds, queue: queue)
    }
}
