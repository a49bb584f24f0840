import ClassQueries
import JobQueue
import WorkflowKernel

/// The rules of `certificate.requested` (下载电子凭证), pure. In this order: the class exists
/// (`unknown_class`), is the institution's (`forbidden`); a class without its certificate id yet
/// must have students (`roster_empty`) and is closed first (``Decision/close(_:)``, the job's
/// step); a closed class with its id has its certificate issued, once (``Decision/issue(_:)``):
/// a later request returns the stored one. None of the refusals closes anything.
public enum CertificateRules {
    public enum Code: String, Sendable {
        case unknownClass = "unknown_class"
        case forbidden
        case rosterEmpty = "roster_empty"
    }

    public typealias Refusal = DomainRefusal<Code>

    /// Closing the class (结班): what its hash becomes and what the step tells the world.
    public struct Closing: Sendable, Equatable {
        /// The class as it will be: `closed`, `closedAt`, `certificateId`, `version` + 1.
        public let after: ClassRecord
        /// Whether the class was not closed yet: its students leave the enrolment index now.
        public let releasesStudents: Bool
        public let audit: AuditEntry
        public let event: DomainEvent
    }

    public enum Decision: Sendable, Equatable {
        case refused(Refusal)
        case close(Closing)
        /// The class is closed with this certificate id: issue it unless it is stored already.
        case issue(certificateId: String)
    }

    public static let issuedOutcome = "certificate_issued"

    /// - Parameters:
    ///   - record: the class (nil: no such class).
    ///   - rosterCount: the students on its roster.
    public static func decide(_ request: CertificateRequest, record: ClassRecord?, rosterCount: Int, nowMs: Int64) -> Decision {
        guard let record else { return .refused(Refusal(.unknownClass, "class \(request.classId) does not exist")) }
        guard record.institutionId == request.institutionId else {
            return .refused(Refusal(.forbidden, "class \(request.classId) belongs to another institution"))
        }
        if record.state == .closed, let id = record.certificateId { return .issue(certificateId: id) }
        guard rosterCount > 0 else {
            return .refused(Refusal(.rosterEmpty, "class \(request.classId) has no students: there is nothing to certify, and it stays open"))
        }
        var after = record
        after.state = .closed
        let closedAtMs = record.closedAt.flatMap(Timestamp.parseRFC3339) ?? nowMs / 1_000 * 1_000
        after.closedAt = record.closedAt ?? Timestamp.rfc3339(ms: closedAtMs)
        let certificateId = certificateId(classId: record.classId, closedAtMs: closedAtMs)
        after.certificateId = certificateId
        after.version += 1
        return .close(Closing(
            after: after, releasesStudents: record.state != .closed,
            audit: AuditEntry(action: "closed", actor: "institution:\(request.institutionId)", revision: after.version, atMs: nowMs,
                              details: ["certificateId": certificateId, "studentCount": String(rosterCount)]),
            event: DomainEvent(type: "class.closed", payload: [
                "classId": .string(record.classId), "institutionId": .string(record.institutionId), "closedAt": .string(after.closedAt ?? ""),
                "certificateId": .string(certificateId), "studentCount": .number(Double(rosterCount))])))
    }

    /// 凭证编号: `EC`, the closing's date and time in China time, and 12 hex digits of a hash of the
    /// class id and that time (`EC20261129-153012-9f3a0b1c2d3e`): readable, unique per class, the
    /// same whoever computes it for that closing, and no digit run a text masker takes for a phone.
    public static func certificateId(classId: String, closedAtMs: Int64) -> String {
        let digits = Timestamp.rfc3339(ms: closedAtMs + 8 * 3_600_000).prefix(19).filter(\.isNumber)
        return "EC\(digits.prefix(8))-\(digits.dropFirst(8))-\(ShortID.hex("\(classId)@\(closedAtMs)", padded: true).suffix(12))"
    }
}
