// The import worker: consumes `{p}:queue:import` (`class.created`, `class.tasksPublished`,
// `import.requested` of .xlsx and CSV rosters (UTF-8 or GBK), streamed).
// Configuration as every worker (VT_* environment and flags) plus VT_IMPORT_MAX_BYTES,
// VT_IMPORT_MAX_ROWS and VT_IMPORT_DIR (unset: `path` sources are refused).
import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import WireContract

do {
    let environment = ProcessInfo.processInfo.environment
    let (config, rest) = try WorkerConfiguration.load(environment: environment, arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("import-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let spec = ImportWorkflow.queueSpec(limits: try ImportLimits.load(environment: environment),
                                        importDirectory: try ImportDirectory.load(environment: environment))
    let worker = try Worker(configuration: config, spec: spec, directory: MessageDirectory(WireContract.queueOfType))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("import-worker: \(error)\n".utf8))
    exit(2)
}
