import ImportScan
import JobQueue
import TrainingDomain

/// The import workflow wired for a worker: the `import` queue and its handlers (`class.created`,
/// `class.tasksPublished`, `import.requested`, which reads .xlsx and CSV and `path` sources only
/// under `importDirectory`, `student.added`, `student.removed`).
public enum ImportWorkflow {
    public static func queueSpec(catalog: OccupationCatalog = .embedded, limits: ImportLimits = ImportLimits(),
                                 importDirectory: ImportDirectory? = nil) -> QueueSpec {
        QueueSpec(name: ImportKeys.queueName, handlers: [
            ClassPayload.createdType: ClassCreatedHandler(catalog: catalog),
            ClassPayload.tasksPublishedType: TasksPublishedHandler(),
            ImportPayload.type: ImportHandler(limits: limits, importDirectory: importDirectory),
            StudentPayload.addedType: StudentAddedHandler(),
            StudentPayload.removedType: StudentRemovedHandler(),
        ])
    }
}
