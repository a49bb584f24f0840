import JobQueue
import TrainingDomain

/// What the subsidy handlers work with: the policy (checked at start) and the region catalog
/// (departments' names).
public struct SubsidySetup: Sendable {
    public var policy: SubsidyPolicy
    public var regions: RegionCatalog

    public init(policy: SubsidyPolicy = .shippedDefault, regions: RegionCatalog = .embedded) {
        self.policy = policy
        self.regions = regions
    }

    func effects(_ keys: SubsidyKeys) -> SubsidyEffects { SubsidyEffects(keys: keys, regions: regions) }
}

/// The subsidy workflow wired for a worker: the `subsidy` queue and its two handlers.
public enum SubsidyWorkflow {
    public static func queueSpec(_ setup: SubsidySetup = SubsidySetup()) -> QueueSpec {
        QueueSpec(name: SubsidyKeys.queueName, handlers: [
            SubsidyClaimPayload.type: SubsidyClaimHandler(setup),
            SubsidyDecisionPayload.type: SubsidyDecisionHandler(setup),
        ])
    }
}
