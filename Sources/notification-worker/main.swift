// The notification worker: consumes `{p}:queue:notification` (`notification.requested`) and
// re-enqueues deferred channels. Configuration: the runtime's VT_* settings plus VT_SMS_URL,
// VT_SMS_KEY, VT_WEBHOOK_URL, VT_SMS_QUIET_HOURS, VT_HTTP_TIMEOUT_MS, VT_SMS_PER_MINUTE.
import Foundation
import JobQueue
import Notification
import WireContract

do {
    let env = ProcessInfo.processInfo.environment
    let (config, rest) = try WorkerConfiguration.load(environment: env, arguments: Array(CommandLine.arguments.dropFirst()))
    if let unknown = rest.first {
        FileHandle.standardError.write(Data("notification-worker: unknown argument \(unknown)\n".utf8))
        exit(2)
    }
    let settings = try NotificationSettings.load(environment: env)
    let worker = try Worker(configuration: config, spec: NotificationWorkflow.queueSpec(settings: settings),
                            directory: MessageDirectory(WireContract.queueOfType),
                            periodic: NotificationWorkflow.periodicTasks(prefix: config.prefix))
    exit(worker.runUntilSignalled())
} catch {
    FileHandle.standardError.write(Data("notification-worker: \(error)\n".utf8))
    exit(2)
}
