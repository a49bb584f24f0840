import ECertificate
import JobQueue

/// The training workflow wired for a worker: the `training` queue and its handlers
/// (`learning.recorded`, `scores.recorded`, `scores.imported`, `certificate.requested`, the last
/// signing with `signingKey`), and the periodic task that publishes the signing key's public key.
public enum TrainingWorkflow {
    public static func queueSpec(signingKey: CertificateSigningKey) -> QueueSpec {
        QueueSpec(name: TrainingKeys.queueName, handlers: [
            LearningPayload.type: LearningHandler(),
            ScoresPayload.type: ScoresHandler(),
            ScoresImportPayload.type: ScoresImportHandler(),
            CertificatePayload.type: CertificateHandler(signingKey: signingKey),
        ])
    }

    public static func periodicTasks(signingKey: CertificateSigningKey, keys: QueueKeys) throws -> [PeriodicTask] {
        [try CertificateKeyPublisher.task(signingKey: signingKey, keys: TrainingKeys(keys))]
    }
}
