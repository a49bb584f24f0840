import JobQueue
import TrainingDomain

/// The import workflow wired for a worker: the `import` queue and its handlers. `class.created`
/// and `class.tasksPublished` are handled; `import.requested` is not registered yet, so such a
/// job is dead-lettered as an unknown type.
public enum ImportWorkflow {
    public static func queueSpec(catalog: OccupationCatalog = .embedded) -> QueueSpec {
        QueueSpec(name: ImportKeys.queueName, handlers: [
            ClassPayload.createdType: ClassCreatedHandler(catalog: catalog),
            ClassPayload.tasksPublishedType: TasksPublishedHandler(),
        ])
    }
}
