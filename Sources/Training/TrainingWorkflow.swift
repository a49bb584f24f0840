import JobQueue

/// The training workflow wired for a worker: the `training` queue and its handlers
/// (`learning.recorded`, `scores.recorded`, `scores.imported`).
public enum TrainingWorkflow {
    public static func queueSpec() -> QueueSpec {
        QueueSpec(name: TrainingKeys.queueName, handlers: [
            LearningPayload.type: LearningHandler(),
            ScoresPayload.type: ScoresHandler(),
            ScoresImportPayload.type: ScoresImportHandler(),
        ])
    }
}
