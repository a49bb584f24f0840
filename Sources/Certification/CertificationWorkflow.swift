import CertificationQueries
import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// The certification workflow wired for a worker: the `certification` queue and its two handlers.
public enum CertificationWorkflow {
    /// `QueueSpec(name: "certification")` with `certification.submitted` and `certification.decided`.
    public static func queueSpec(regions: RegionCatalog = .embedded) -> QueueSpec {
        QueueSpec(name: CertificationKeys.queueName, handlers: [
            CertificationSubmissionPayload.type: CertificationSubmissionHandler(regions: regions),
            CertificationDecisionPayload.type: CertificationDecisionHandler(regions: regions),
        ])
    }
}
