import ClassQueries
import JobQueue
import TrainingDomain
import WorkflowKernel

/// The rules of `scores.recorded`, pure: the class and the roster entries read go in, a decision
/// comes out. In this order: the class exists (`unknown_class`), is the institution's
/// (`forbidden`), is not closed (`scores_locked`: the e-certificate was issued, scores can no
/// longer change; 下载后将无法更改), and every student listed is on its roster (`not_enrolled`,
/// with an `id.not_enrolled` error per student who is not). Scores may change any number of
/// times before that: the last one recorded counts.
public enum ScoreRules {
    public enum Code: String, Sendable {
        case unknownClass = "unknown_class"
        case forbidden
        case scoresLocked = "scores_locked"
        case notEnrolled = "not_enrolled"
    }

    public typealias Refusal = DomainRefusal<Code>

    /// Accepted scores: what each student's field becomes, and what the step tells the world.
    public struct Transition: Sendable, Equatable {
        public let message: String
        /// ID number → `{"theory", "practical", "passed", "recordedAt"}`.
        public let stored: [(String, String)]
        public let passedCount: Int
        public let audit: AuditEntry
        public let notification: NotificationRequest
        public let event: DomainEvent

        public static func == (a: Transition, b: Transition) -> Bool {
            a.message == b.message && a.stored.map(\.0) == b.stored.map(\.0) && a.stored.map(\.1) == b.stored.map(\.1)
                && a.passedCount == b.passedCount && a.audit == b.audit && a.notification == b.notification && a.event == b.event
        }
    }

    public enum Decision: Sendable, Equatable {
        case refused(Refusal)
        case recorded(Transition)
    }

    public static let recordedOutcome = "scores_recorded"

    /// A student's field in `{p}:class:{classId}:scores`: `{"passed","practical","recordedAt","theory"}`.
    public static func storedValue(_ entry: ScoreEntry, recordedAt: String) -> String {
        JSONValue.object(["theory": .number(entry.theory.value), "practical": .number(entry.practical.value),
                          "passed": .bool(entry.passed), "recordedAt": .string(recordedAt)]).jsonString
    }

    /// - Parameters:
    ///   - record: the class (nil: no such class).
    ///   - onRoster: the ID numbers of `request` found on the roster.
    ///   - via: `scores.recorded` or the import that carried them (the audit entry's `source`).
    public static func record(_ request: ScoresRequest, record: ClassRecord?, onRoster: Set<String>, nowMs: Int64,
                              source: String = "scores.recorded") -> Decision {
        guard let record else {
            return .refused(Refusal(.unknownClass, "class \(request.classId) does not exist"))
        }
        guard record.institutionId == request.institutionId else {
            return .refused(Refusal(.forbidden, "class \(request.classId) belongs to another institution"))
        }
        guard record.state != .closed else {
            return .refused(Refusal(.scoresLocked, "class \(request.classId) is closed: its e-certificate was issued and its scores can no longer change"))
        }
        let missing = request.scores.enumerated().filter { !onRoster.contains($0.element.idNumber) }
        guard missing.isEmpty else {
            let errors = missing.map { i, entry in
                FieldError(field: "payload.scores[\(i)].idNumber", code: "id.not_enrolled",
                           message: "\(ResidentIDNumber.mask(entry.idNumber)) is not on the roster of class \(request.classId)（该学员不在本班级名单中）")
            }
            return .refused(Refusal(.notEnrolled, "\(missing.count) of the students listed \(missing.count == 1 ? "is" : "are") not on the roster of class \(request.classId)",
                                    errors: errors))
        }
        let at = Timestamp.rfc3339(ms: nowMs)
        let stored = request.scores.map { ($0.idNumber, storedValue($0, recordedAt: at)) }
        let passed = request.scores.filter(\.passed).count
        let count = request.scores.count
        return .recorded(Transition(
            message: "scores of \(count) student\(count == 1 ? "" : "s") of class \(request.classId) recorded; \(passed) passed",
            stored: stored, passedCount: passed,
            audit: AuditEntry(action: "scores_recorded", actor: "institution:\(request.institutionId)", revision: record.version, atMs: nowMs,
                              details: ["count": String(count), "passedCount": String(passed), "source": source]),
            notification: NotificationRequest(institutionId: request.institutionId, template: "scores.recorded",
                                              params: ["className": record.name, "classId": record.classId,
                                                       "count": String(count), "passedCount": String(passed)]),
            event: DomainEvent(type: "scores.recorded", payload: [
                "classId": .string(record.classId), "institutionId": .string(record.institutionId),
                "count": .number(Double(count)), "passedCount": .number(Double(passed)), "source": .string(source)])))
    }
}
