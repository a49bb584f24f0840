// The training worker: consumes `{p}:queue:training` (`learning.recorded` from the learning
// platform, counted once per record and committed in batches; `scores.recorded`).
// Configuration as every worker (VT_* environment and flags).
import Foundation
import JobQueue
import Training
import WireContract

do {
    let (config, rest) = try WorkerConfiguration.load(environment: ProcessInfo.processInfo.environment, arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("training-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let worker = try Worker(configuration: config, spec: TrainingWorkflow.queueSpec(), directory: MessageDirectory(WireContract.queueOfType))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("training-worker: \(error)\n".utf8))
    exit(2)
}
