// The certification worker: consumes `{p}:queue:certification` (`certification.submitted`,
// `certification.decided`). Configuration as every worker: VT_* environment and flags.
import Certification
import Foundation
import JobQueue
import WireContract

do {
    let (config, rest) = try WorkerConfiguration.load(environment: ProcessInfo.processInfo.environment,
                                                      arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("certification-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let worker = try Worker(configuration: config, spec: CertificationWorkflow.queueSpec(),
                            directory: MessageDirectory(WireContract.queueOfType))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("certification-worker: \(error)\n".utf8))
    exit(2)
}
