import Certification
import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import WorkflowKernel

/// `vtctl certification submit --json FILE`: enqueues a `certification.submitted` job (as the
/// platform does) from a payload or a whole envelope, waits for its result and prints it.
enum CertificationCommand {
    static func options(_ verb: String) -> (values: Set<String>, flags: Set<String>) {
        verb == "submit" ? (["json", "timeout"], []) : ([], [])
    }

    static func parse(verb: String, _ args: Arguments) throws(UsageError) -> Command {
        guard verb == "submit" else { throw UsageError("unknown subcommand certification \(verb) (submit)") }
        _ = try args.positionals([])
        return .certificationSubmit(file: try args.required("json"),
                                    timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
    }

    /// The job to enqueue for a file's JSON: an object with `type` and `payload` is an envelope
    /// (checked, sent as written); any other object is a payload, wrapped in a fresh envelope.
    static func job(fromFile bytes: [UInt8], newJobId: String, nowMs: Int64, producer: String,
                    type: String = CertificationSubmissionPayload.type) throws(UsageError) -> (jobId: String, job: [UInt8]) {
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

    static func submit(_ s: Session, file: String, timeoutSeconds: Int) throws -> ExitCode {
        guard let data = read(s, file) else { return .error }
        let (jobId, job) = try job(fromFile: Array(data), newJobId: Session.newJobId("submit"), nowMs: s.clock.nowMs(),
                                   producer: Session.producerName)
        return try s.enqueueAndWait(jobId: jobId, job: job, timeoutSeconds: timeoutSeconds)
    }

    /// A file's bytes (`-` = stdin), nil after printing why not.
    static func read(_ s: Session, _ file: String) -> Data? {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            s.err("cannot read \(file): \(error.localizedDescription)")
            return nil
        }
        return data
    }
}
