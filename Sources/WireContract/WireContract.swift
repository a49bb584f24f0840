/// The wire contract's queues and the message types each one takes, by the contract's names
/// (v1). Data only: the worker runtime names no queue or message type of its own; the
/// executables and vtctl hand it this directory (see `queueOfType`).
public enum WireContract {
    /// `certification.submitted`, `certification.decided`.
    public static let certification = ContractQueue(name: "certification",
                                                    messageTypes: ["certification.submitted", "certification.decided"])
    /// `qualification.applied`, `qualification.decided`.
    public static let qualification = ContractQueue(name: "qualification",
                                                    messageTypes: ["qualification.applied", "qualification.decided"])
    /// Classes and rosters: `class.created`, `class.tasksPublished`, `import.requested`,
    /// `student.added`, `student.removed`.
    public static let `import` = ContractQueue(name: "import",
                                               messageTypes: ["class.created", "class.tasksPublished", "import.requested",
                                                              "student.added", "student.removed"])
    /// `notification.requested`.
    public static let notification = ContractQueue(name: "notification", messageTypes: ["notification.requested"])
    /// A class's training: `learning.recorded`, `scores.recorded`, `scores.imported`, `certificate.requested`.
    public static let training = ContractQueue(name: "training", messageTypes: ["learning.recorded", "scores.recorded", "scores.imported",
                                                                             "certificate.requested"])
    /// Subsidy claims and their review: `subsidy.claimed`, `subsidy.decided`.
    public static let subsidy = ContractQueue(name: "subsidy", messageTypes: ["subsidy.claimed", "subsidy.decided"])

    /// Every queue that has workers, in the order operators see them (`vtctl stats`).
    public static let queues: [ContractQueue] = [certification, qualification, `import`, notification, training, subsidy]

    /// The queues' names, in `queues` order.
    public static var queueNames: [String] { queues.map(\.name) }

    /// Message type → the queue it belongs on, for every type of the contract.
    public static let queueOfType: [String: String] = Dictionary(
        uniqueKeysWithValues: queues.flatMap { queue in queue.messageTypes.map { ($0, queue.name) } })
}
