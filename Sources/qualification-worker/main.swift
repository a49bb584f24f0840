// The qualification worker: consumes `{p}:queue:qualification` (`qualification.applied`,
// `qualification.decided`) and runs the expiry sweep (`qualification-expiry`). Configuration as
// every worker (VT_* environment and flags) plus VT_EXPIRY_REMINDER_DAYS, VT_EXPIRY_SWEEP_MS.
import Foundation
import JobQueue
import Qualification
import WireContract

do {
    let environment = ProcessInfo.processInfo.environment
    let (config, rest) = try WorkerConfiguration.load(environment: environment, arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("qualification-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let settings = try QualificationSettings.load(environment: environment)
    let keys = QualificationKeys(prefix: config.prefix)
    let logger = Logger(component: "qualification-expiry", level: Logger.Level(name: config.logLevel) ?? .info)
    let worker = try Worker(configuration: config, spec: QualificationWorkflow.queueSpec(settings: settings),
                            directory: MessageDirectory(WireContract.queueOfType),
                            periodic: [QualificationWorkflow.expiryTask(keys: keys, settings: settings, logger: logger)])
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("qualification-worker: \(error)\n".utf8))
    exit(2)
}
