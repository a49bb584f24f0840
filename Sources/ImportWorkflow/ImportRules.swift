import ClassQueries
import WorkflowKernel

/// The business refusals of `import.requested`, pure: the class as read, the import's report
/// status and the request go in; the class the import may join, or the refusal, comes out. They
/// are decided before the file is opened: a refused import reads nothing of it, writes no report
/// and tells nobody (`rejected`, guarded by what was read).
public enum ImportRules {
    /// The outcome codes of the refusals (the contract's).
    public enum Code: String, Sendable {
        case unknownClass = "unknown_class"
        /// Another institution's class, or a `path` source the worker may not open (ImportRules+Paths).
        case forbidden
        case rosterLocked = "roster_locked"
        /// The institution's qualification for the class's occupation and level is not active today.
        case notQualified = "not_qualified"
        case importExists = "import_exists"
    }

    /// A refusal of the rules: code and one sentence.
    public typealias Refusal = DomainRefusal<Code>

    /// What the rules make of a request.
    public enum Admission: Sendable, Equatable {
        /// The import may read its file into this class.
        case admitted(ClassRecord)
        case refused(Refusal)
    }

    /// The class exists (`unknown_class`), is the institution's (`forbidden`), its roster is still
    /// open (`roster_locked`: course tasks are published), the institution's qualification for the
    /// class's occupation and level is active today (`not_qualified`: an expired qualification
    /// stops its open classes from taking students), and the import id has no report yet
    /// (`import_exists`, whatever that report's status): checked in this order.
    public static func admit(_ request: ImportRequest, record: ClassRecord?, qualified: Bool, reportStatus: String?) -> Admission {
        guard let record else {
            return .refused(Refusal(.unknownClass, "class \(request.classId) does not exist"))
        }
        guard record.institutionId == request.institutionId else {
            return .refused(Refusal(.forbidden, "class \(request.classId) belongs to another institution"))
        }
        guard record.state == .open else {
            return .refused(Refusal(.rosterLocked, "the roster of class \(request.classId) is locked: course tasks are published"))
        }
        guard qualified else {
            return .refused(Refusal(.notQualified, "institution \(record.institutionId) holds no active qualification for "
                + "\(record.occupation)/\(record.level.rawValue): class \(request.classId) can take no more students"))
        }
        if let reportStatus {
            return .refused(Refusal(.importExists, "import \(request.importId) already has a report (\(reportStatus))"))
        }
        return .admitted(record)
    }
}
