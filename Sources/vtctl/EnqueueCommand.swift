import Certification
import CertificationQueries
import DepartmentReview
import ImportWorkflow
import JobQueue
import Notification
import Qualification
import QualificationQueries
import Subsidy
import Training
import WireContract
import WorkflowKernel

/// `vtctl enqueue --type T --file FILE [--wait] [--timeout S]`: checks a job with the same
/// decoders the workers use before it is enqueued (a refused file is never sent), then enqueues
/// it on its type's queue (the wire contract's); `--wait` waits for the result like the
/// workflow commands.
struct EnqueueCommand: VtctlCommand {
    static let commands: [any VtctlCommand.Type] = [EnqueueCommand.self]

    var type: String
    var file: String
    var wait: Bool
    var timeoutSeconds: Int

    static let words = ["enqueue"]
    static let usage = ["enqueue --type TYPE --file FILE [--wait] [--timeout SECONDS]   checked by the worker's decoder first"]
    static let options = OptionNames(values: ["type", "file", "timeout"], flags: ["wait"])
    static let readsJSONFile = true

    static func parse(_ args: Arguments) throws(UsageError) -> Self {
        _ = try args.positionals([])
        let type = try args.required("type")
        guard WireContract.queueOfType[type] != nil else {
            throw UsageError("unknown type \(type) (\(WireContract.queueOfType.keys.sorted().joined(separator: ", ")))")
        }
        return EnqueueCommand(type: type, file: try args.required("file"), wait: args.flags.contains("wait"),
                              timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
    }

    /// The field errors the worker's decoder reports for `payload`; nil when this type has no
    /// payload decoder in vtctl yet (its envelope is still checked).
    static func payloadErrors(type: String, payload: JSONValue) -> [FieldError]? {
        func errors<T, E>(_ r: Result<T, E>, _ list: (E) -> [FieldError]) -> [FieldError] {
            if case .failure(let e) = r { return list(e) }
            return []
        }
        switch type {
        case CertificationSubmissionPayload.type: return errors(CertificationSubmissionPayload.decode(payload), \.errors)
        case CertificationDecisionPayload.type: return errors(CertificationDecisionPayload.decode(payload), \.errors)
        case ApplicationPayload.type: return errors(ApplicationPayload.decode(payload), \.errors)
        case QualificationDecisionPayload.type: return errors(QualificationDecisionPayload.decode(payload), \.errors)
        case NotificationPayload.type: return errors(NotificationPayload.decode(payload), \.errors)
        case ClassPayload.createdType: return errors(ClassPayload.decodeCreate(payload), \.errors)
        case ClassPayload.tasksPublishedType: return errors(ClassPayload.decodeTasksPublished(payload), \.errors)
        case ImportPayload.type: return errors(ImportPayload.decode(payload), \.errors)
        case LearningPayload.type: return errors(LearningPayload.decode(payload), \.errors)
        case ScoresPayload.type: return errors(ScoresPayload.decode(payload), \.errors)
        case ScoresImportPayload.type: return errors(ScoresImportPayload.decode(payload), \.errors)
        case CertificatePayload.type: return errors(CertificatePayload.decode(payload), \.errors)
        case StudentPayload.addedType: return errors(StudentPayload.decodeAdded(payload), \.errors)
        case StudentPayload.removedType: return errors(StudentPayload.decodeRemoved(payload), \.errors)
        case SubsidyClaimPayload.type: return errors(SubsidyClaimPayload.decode(payload), \.errors)
        case SubsidyDecisionPayload.type: return errors(SubsidyDecisionPayload.decode(payload), \.errors)
        default: return nil
        }
    }

    func run(_ s: Session) throws -> ExitCode {
        try CheckedJob.enqueue(s, type: type, file: file, kind: "enqueue", wait: wait, timeoutSeconds: timeoutSeconds)
    }
}
