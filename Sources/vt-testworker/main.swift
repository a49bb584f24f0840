// A worker over the runtime's own test queue (`test.count` jobs), used by the fault tests until
// the domain workers exist. Configuration as every worker: VT_* environment and flags.
import Foundation
import JobQueue
import TestWorkerHandlers
import WireContract

do {
    let (config, rest) = try WorkerConfiguration.load(environment: ProcessInfo.processInfo.environment,
                                                      arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("vt-testworker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let worker = try Worker(configuration: config, spec: TestHandlers.testQueue, directory: MessageDirectory(WireContract.queueOfType))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("vt-testworker: \(error)\n".utf8))
    exit(2)
}
