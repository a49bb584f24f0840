// The training worker: consumes `{p}:queue:training` (`learning.recorded` from the learning
// platform, counted once per record and committed in batches; `scores.recorded`,
// `scores.imported`; `certificate.requested`, signed with the key VT_CERT_SIGNING_KEY names).
// Configuration as every worker (VT_* environment and flags); without a readable signing key it
// refuses to start.
import ECertificate
import Foundation
import JobQueue
import Training
import WireContract

do {
    let environment = ProcessInfo.processInfo.environment
    let (config, rest) = try WorkerConfiguration.load(environment: environment, arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("training-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let signingKey: CertificateSigningKey
    do {
        signingKey = try CertificateSigningKey(environment: environment)
    } catch {
        FileHandle.standardError.write(Data("training-worker: cannot start without the e-certificate signing key: \(error)\n".utf8))
        exit(2)
    }
    let worker = try Worker(configuration: config, spec: TrainingWorkflow.queueSpec(signingKey: signingKey),
                            directory: MessageDirectory(WireContract.queueOfType),
                            periodic: TrainingWorkflow.periodicTasks(signingKey: signingKey, keys: QueueKeys(prefix: config.prefix)))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("training-worker: \(error)\n".utf8))
    exit(2)
}
