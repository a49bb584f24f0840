import JobQueue
import RedisClient
import WorkflowKernel

/// What other workflows may ask of an institution's certification (qualification applications,
/// classes): its record, read in the caller's own round trip, and the guard that pins the version
/// the caller decided on, so a certification changed meanwhile makes the caller's job run again.
/// The certification workflow writes this state; everyone else reads it only through here.
public struct CertificationQuery: Sendable {
    public let institutionId: String
    /// `{p}:institution:{id}`.
    public let key: String

    public init(institutionId: String, keys: QueueKeys) {
        self.institutionId = institutionId
        self.key = Self.institutionKey(institutionId, prefix: keys.prefix)
    }

    /// `{p}:institution:{id}`: hash with an institution's certification state (see `InstitutionRecord`).
    public static func institutionKey(_ institutionId: String, prefix: String) -> String { "\(prefix):institution:\(institutionId)" }

    /// The read to put in the caller's pipeline.
    public var command: RedisCommand { RedisCommand("HGETALL", key) }

    /// The answer to `command`'s reply. Throws for an error reply or a record that does not read.
    public func answer(_ reply: RedisReply) throws -> CertificationStanding {
        try reply.throwingServerError()
        let record = try InstitutionRecord(institutionId: institutionId, fields: reply.fieldMap)
        return CertificationStanding(record: record, versionGuard: Guard(key: key, field: "version", expected: record.versionGuardValue))
    }
}

/// An institution's certification as another workflow sees it.
public struct CertificationStanding: Sendable, Equatable {
    public let record: InstitutionRecord
    /// Pins the record's version.
    public let versionGuard: Guard

    /// The certified data (已认证), nil while not certified.
    public var certified: InstitutionProfile? { record.current }
    public var isCertified: Bool { record.state == .certified }
}
