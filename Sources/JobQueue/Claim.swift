/// A hash field a job takes for itself, in the same script as its commit: `key`'s `field` is set
/// to `value` with the job's effects, but only if the field is absent. If it is already taken (by
/// an earlier job under another id, or by a job earlier in the same batch), none of the job's
/// effects are applied and its result is this claim's `takenStatus`, `takenOutcome` and
/// `takenMessage` instead. The job is finished either way: it is not retried.
///
/// This is exactly-once per business key (a learning record's id) where the job id is not that
/// key: the claim is checked inside the commit script, so it needs no read before the commit, and
/// such commits can travel in a batch (see `JobFinisher.commitBatch`). The field is written after
/// the effects, in the same script: an effect Redis refuses leaves the claim untaken.
public struct Claim: Sendable, Equatable {
    /// The hash holding the claims (the full key name).
    public let key: String
    public let field: String
    /// What the field holds once claimed (who claimed it, and what it counted).
    public let value: String
    /// The result written when the field is already taken.
    public let takenStatus: ResultStatus
    public let takenOutcome: String
    public let takenMessage: String

    public init(key: String, field: String, value: String, takenStatus: ResultStatus = .done, takenOutcome: String, takenMessage: String) {
        self.key = key
        self.field = field
        self.value = value
        self.takenStatus = takenStatus
        self.takenOutcome = takenOutcome
        self.takenMessage = takenMessage
    }
}
