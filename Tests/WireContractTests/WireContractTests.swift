import Certification
import ECertificate
import ImportWorkflow
import JobQueue
import Notification
import Qualification
import Subsidy
import Testing
import Training
import WireContract

/// The contract's directory against the workflows that implement it: a type added to a workflow
/// but not to the contract (or the other way round) fails here, not as a wrong dead letter.
@Suite struct WireContractTests {
    static let specs: [QueueSpec] = [
        CertificationWorkflow.queueSpec(), QualificationWorkflow.queueSpec(),
        ImportWorkflow.queueSpec(), NotificationWorkflow.queueSpec(settings: NotificationSettings()),
        TrainingWorkflow.queueSpec(signingKey: try! CertificateSigningKey.generate()),
        SubsidyWorkflow.queueSpec(),
    ]

    @Test func everyWorkflowQueue_takesExactlyTheContractsTypesForIt() {
        #expect(Self.specs.map(\.name) == WireContract.queueNames)
        for spec in Self.specs {
            let contract = WireContract.queues.first { $0.name == spec.name }
            #expect(Set(spec.handlers.keys) == Set(contract?.messageTypes ?? []), "\(spec.name)")
        }
    }

    @Test func eachTypeBelongsToOneQueue_andTheDirectoryNamesIt() {
        let all = WireContract.queues.flatMap(\.messageTypes)
        #expect(Set(all).count == all.count)
        #expect(WireContract.queueOfType.count == all.count)
        #expect(WireContract.queueOfType["import.requested"] == "import")
        #expect(WireContract.queueOfType["class.tasksPublished"] == "import")
        #expect(WireContract.queueOfType["learning.recorded"] == "training")
    }

    @Test func aContractTypeOnAnotherQueue_isAWrongQueueDeadLetter() {
        let directory = MessageDirectory(WireContract.queueOfType)
        #expect(directory.refusal(type: "certification.submitted", on: "import").code == "wrong_queue")
        #expect(directory.refusal(type: "student.enrolled", on: "import").code == "unknown_type")
        #expect(directory.refusal(type: "student.added", on: "certification").code == "wrong_queue")
    }
}
