// The subsidy worker: consumes `{p}:queue:subsidy` (`subsidy.claimed`, `subsidy.decided`).
// Configuration as every worker (VT_* environment and flags) plus VT_SUBSIDY_POLICY, the policy
// file (the shipped default when unset), checked before the worker starts.
import Foundation
import JobQueue
import Subsidy
import WireContract

do {
    let environment = ProcessInfo.processInfo.environment
    let (config, rest) = try WorkerConfiguration.load(environment: environment, arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("subsidy-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let policy = try SubsidyPolicy.load(environment: environment)
    let worker = try Worker(configuration: config, spec: SubsidyWorkflow.queueSpec(SubsidySetup(policy: policy)),
                            directory: MessageDirectory(WireContract.queueOfType))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("subsidy-worker: \(error)\n".utf8))
    exit(2)
}
