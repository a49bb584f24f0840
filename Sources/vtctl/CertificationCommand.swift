import Certification
import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import WorkflowKernel

/// `vtctl certification submit --file FILE`: enqueues a `certification.submitted` job (as the
/// platform does) from a payload or a whole envelope, waits for its result and prints it.
enum CertificationCommand {
    static let commands: [any VtctlCommand.Type] = [Submit.self]

    struct Submit: VtctlCommand {
        var file: String
        var timeoutSeconds: Int

        static let words = ["certification", "submit"]
        static let usage = ["certification submit --file FILE [--timeout SECONDS]    (FILE: payload or envelope; - = stdin)"]
        static let options = OptionNames(values: ["file", "timeout"])
        static let readsJSONFile = true

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return Submit(file: try args.required("file"),
                          timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            try JobFile.enqueueAndWait(s, file: file, type: CertificationSubmissionPayload.type, kind: "submit", queue: CertificationKeys.queueName,
                                       timeoutSeconds: timeoutSeconds)
        }
    }
}
