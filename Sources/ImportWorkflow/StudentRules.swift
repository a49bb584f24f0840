import ClassQueries
import JobQueue
import TrainingDomain
import WorkflowKernel

/// What `student.added` and `student.removed` are decided on: the class as read and the
/// student's place in it and in the occupation and level (read by ``StudentState``).
public struct StudentStanding: Sendable, Equatable {
    /// Nil when the class does not exist.
    public var record: ClassRecord?
    /// The student's entry on this class's roster, nil when absent.
    public var entry: RosterEntry?
    /// On the roster of another class of the occupation and level that is not closed.
    public var elsewhere: Bool
    /// The institution's qualification for the class's occupation and level is active today
    /// (asked only of an open class; true otherwise, where it decides nothing).
    public var qualified: Bool
    /// Online learning seconds counted for the student in this class.
    public var learningSeconds: Int

    public init(record: ClassRecord?, entry: RosterEntry? = nil, elsewhere: Bool = false, qualified: Bool = true, learningSeconds: Int = 0) {
        self.record = record
        self.entry = entry
        self.elsewhere = elsewhere
        self.qualified = qualified
        self.learningSeconds = learningSeconds
    }
}

/// The rules of adding and removing one student, pure: the standing read goes in, a refusal or
/// the class the change applies to comes out. The same row rules as an import apply to the
/// student's cells first (``StudentPayload/fieldErrors(_:)``, in the handler).
public enum StudentRules {
    /// The outcome codes of the refusals (the contract's).
    public enum Code: String, Sendable {
        case unknownClass = "unknown_class"
        case forbidden
        case rosterLocked = "roster_locked"
        case notQualified = "not_qualified"
        case alreadyEnrolled = "already_enrolled"
        case enrolledElsewhere = "enrolled_elsewhere"
        case classClosed = "class_closed"
        case notEnrolled = "not_enrolled"
        case hasLearningRecords = "has_learning_records"
    }

    public typealias Refusal = DomainRefusal<Code>

    /// What the rules make of a request: the change is allowed on this value, or refused.
    public enum Decision<Value: Sendable & Equatable>: Sendable, Equatable {
        case allowed(Value)
        case refused(Refusal)
    }

    /// A removal's class and the student's entry as read.
    public struct Removal: Sendable, Equatable {
        public let record: ClassRecord
        public let entry: RosterEntry
    }

    /// `student.added`: the class exists (`unknown_class`), is the institution's (`forbidden`),
    /// its roster is open (`roster_locked`: course tasks published, or closed), its qualification
    /// is active (`not_qualified`), the student is not on it (`already_enrolled`) nor on another
    /// class of its occupation and level that is not closed (`enrolled_elsewhere`): in this order.
    public static func add(classId: String, institutionId: String, _ standing: StudentStanding) -> Decision<ClassRecord> {
        guard let record = standing.record else { return .refused(Refusal(.unknownClass, "class \(classId) does not exist")) }
        guard record.institutionId == institutionId else { return .refused(Refusal(.forbidden, "class \(classId) belongs to another institution")) }
        guard record.state == .open else {
            return .refused(Refusal(.rosterLocked, "the roster of class \(classId) is locked: course tasks are published"))
        }
        guard standing.qualified else {
            return .refused(Refusal(.notQualified, "institution \(record.institutionId) holds no active qualification for "
                + "\(record.occupation)/\(record.level.rawValue): class \(classId) can take no more students"))
        }
        guard standing.entry == nil else { return .refused(Refusal(.alreadyEnrolled, "the student is already on the roster of class \(classId)")) }
        guard !standing.elsewhere else {
            return .refused(Refusal(.enrolledElsewhere, "the student is on the roster of another class of "
                + "\(record.occupation)/\(record.level.rawValue) that is not closed"))
        }
        return .allowed(record)
    }

    /// `student.removed`: the class exists and is the institution's, is not closed
    /// (`class_closed`), the student is on it (`not_enrolled`) and has no learning time counted
    /// (`has_learning_records`: 已产生培训记录的学员信息无法删除): in this order. A locked class
    /// may still lose a student without learning records.
    public static func remove(classId: String, institutionId: String, _ standing: StudentStanding) -> Decision<Removal> {
        guard let record = standing.record else { return .refused(Refusal(.unknownClass, "class \(classId) does not exist")) }
        guard record.institutionId == institutionId else { return .refused(Refusal(.forbidden, "class \(classId) belongs to another institution")) }
        guard record.state != .closed else { return .refused(Refusal(.classClosed, "class \(classId) is closed: its roster no longer changes")) }
        guard let entry = standing.entry else { return .refused(Refusal(.notEnrolled, "the student is not on the roster of class \(classId)")) }
        guard standing.learningSeconds == 0 else {
            return .refused(Refusal(.hasLearningRecords, "the student has learning time counted in class \(classId): 已产生培训记录的学员信息无法删除"))
        }
        return .allowed(Removal(record: record, entry: entry))
    }
}
