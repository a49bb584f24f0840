import ClassQueries
import JobQueue
import TrainingDomain
import WorkflowKernel

/// The rules of `learning.recorded`, pure: the class's state and the student as read go in, a
/// decision comes out. Checked in this order: the class exists (`unknown_class`), the student is
/// on its roster (`not_enrolled`), the class is not closed (`not_counted`: learning after the
/// e-certificate is not counted; done, nothing changes). Otherwise the record counts, once per
/// `recordId` in the class (a ``Claim`` the commit script checks).
public enum LearningRules {
    /// The refusals' outcome codes (the contract's).
    public enum Code: String, Sendable {
        case unknownClass = "unknown_class"
        case notEnrolled = "not_enrolled"
    }

    public typealias Refusal = DomainRefusal<Code>

    public enum Decision: Sendable, Equatable {
        case refused(Refusal)
        /// The class is closed: `done` with `not_counted`, nothing written but the result.
        case notCounted(String)
        /// Add the record's seconds to the student's hours, unless the record was counted before.
        case count(LearningCount)
    }

    /// What counting one record writes: the claim of its id and the seconds added.
    public struct LearningCount: Sendable, Equatable {
        public let request: LearningRecordRequest
        public let message: String
        /// The claim's value in the records hash: what was counted, and by which job.
        public let claimValue: String
    }

    public static let countedOutcome = "recorded"
    public static let notCountedOutcome = "not_counted"
    /// The claim's outcome: the record id was counted before, by another job (`done`, nothing changes).
    public static let alreadyCountedOutcome = "already_counted"

    public static func decide(_ request: LearningRecordRequest, classState: ClassState?, student: RosterEntry?, jobId: String) -> Decision {
        guard let classState else {
            return .refused(Refusal(.unknownClass, "class \(request.classId) does not exist"))
        }
        guard student != nil else {
            return .refused(Refusal(.notEnrolled, "\(ResidentIDNumber.mask(request.idNumber)) is not on the roster of class \(request.classId)"))
        }
        if classState == .closed {
            return .notCounted("class \(request.classId) is closed: learning record \(request.recordId) is not counted")
        }
        return .count(LearningCount(request: request, message: "learning record \(request.recordId) counted: \(request.seconds) s",
                                    claimValue: claimValue(request, jobId: jobId)))
    }

    /// `{"courseId","idNumber","jobId","occurredAt","seconds"}`, keys sorted as `JSONValue` writes
    /// them. Written directly (the busiest path of all): every value was checked by the decoder to
    /// hold no character JSON would escape (identifiers, job ids, ID numbers, RFC 3339 timestamps).
    static func claimValue(_ r: LearningRecordRequest, jobId: String) -> String {
        #"{"courseId":"\#(r.courseId)","idNumber":"\#(r.idNumber)","jobId":"\#(jobId)","occurredAt":"\#(r.occurredAt)","seconds":\#(r.seconds)}"#
    }

    /// The claim-taken result's message.
    public static func alreadyCountedMessage(_ request: LearningRecordRequest) -> String {
        "learning record \(request.recordId) of class \(request.classId) was counted before: not counted again"
    }
}
