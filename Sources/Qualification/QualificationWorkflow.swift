import JobQueue
import TrainingDomain

/// The qualification workflow wired for a worker: the `qualification` queue, its two handlers,
/// and the expiry sweep as a periodic task.
public enum QualificationWorkflow {
    /// The periodic task's name (its per-tick lease is `{p}:lease:qualification-expiry:{tick}`).
    public static let expiryTaskName = "qualification-expiry"

    public static func queueSpec(settings: QualificationSettings = QualificationSettings(), catalog: OccupationCatalog = .embedded,
                                 regions: RegionCatalog = .embedded) -> QueueSpec {
        let setup = QualificationSetup(catalog: catalog, regions: regions, settings: settings)
        return QueueSpec(name: QualificationKeys.queueName, handlers: [
            ApplicationPayload.type: ApplicationHandler(setup),
            QualificationDecisionPayload.type: QualificationDecisionHandler(setup),
        ])
    }

    /// The expiry sweep, every `settings.sweepIntervalMs` on one of the workers (the tick's lease
    /// holder); the sweep itself is safe when several run at once.
    public static func expiryTask(keys: QualificationKeys, settings: QualificationSettings = QualificationSettings(),
                                  logger: Logger? = nil) -> PeriodicTask {
        let sweeper = ExpirySweeper(keys: keys, settings: settings)
        return PeriodicTask(name: expiryTaskName, intervalMs: settings.sweepIntervalMs) { connection, nowMs in
            let report = try sweeper.sweep(on: connection, nowMs: nowMs)
            if report.examined > 0 {
                logger?.info("expiry sweep", ["examined": .number(Double(report.examined)), "announced": .number(Double(report.announced)),
                                              "dropped": .number(Double(report.dropped)), "taken": .number(Double(report.taken))])
            }
        }
    }
}
