import ClassQueries
import CertificationQueries
import ECertificate
import Foundation
import JobQueue
import TrainingQueries
import WorkflowKernel

/// What a closed class's e-certificate shows, read after its closing froze it: the class, the
/// institution's certified name and phone, the class's creation, and per student (in the order
/// they joined) the record, the online hours counted and the scores. Pure: the replies' contents
/// go in, the ``CertificateDocument`` comes out, the same for whoever builds it.
public struct CertificateContents: Sendable {
    public let record: ClassRecord
    public let institution: InstitutionRecord
    /// 开班时间 (ms since the epoch): the class's creation.
    public let openedAtMs: Int64
    /// The roster, in joining order.
    public let roster: [RosterEntry]
    /// ID number → learning seconds counted.
    public let hours: [String: String]
    /// ID number → `{"theory", "practical", "passed", "recordedAt"}`.
    public let scores: [String: String]

    public init(record: ClassRecord, institution: InstitutionRecord, openedAtMs: Int64, roster: [RosterEntry],
                hours: [String: String], scores: [String: String]) {
        self.record = record
        self.institution = institution
        self.openedAtMs = openedAtMs
        self.roster = roster
        self.hours = hours
        self.scores = scores
    }

    /// The document of the certificate `certificateId`. 生成日期 is the closing: the document
    /// depends on the frozen state only, so a re-run after a crash renders the same one. Throws
    /// for state that does not read (no closing time, an institution without a profile, a
    /// score or an hours value changed by hand): the job is retried, then dead.
    public func document(certificateId: String) throws -> CertificateDocument {
        guard let closedText = record.closedAt, let closedMs = Timestamp.parseRFC3339(closedText) else {
            throw StateError(message: "class \(record.classId) is closed without a readable closedAt")
        }
        guard let profile = institution.current ?? institution.pending else {
            throw StateError(message: "institution \(record.institutionId) has no certified name and phone")
        }
        let students = try roster.map { entry in
            let s = entry.record
            let seconds = try hours[s.idNumber].map { text in
                guard let n = Int(text), n >= 0 else { throw StateError(message: "the learning time of a student of class \(record.classId) is not a number") }
                return n
            }
            let (theory, practical) = try scores[s.idNumber].map(Self.scores) ?? (nil, nil)
            return CertificateStudent(name: s.name, gender: s.gender, studentType: s.studentType, idNumber: s.idNumber, phone: s.phone,
                                      onlineHours: seconds.map { TrainingQuery.classHours(seconds: $0) }, theory: theory, practical: practical)
        }
        let closed = ChinaTime(secondsSinceEpoch: closedMs / 1_000)
        return CertificateDocument(certificateId: certificateId, institutionId: record.institutionId, institutionName: profile.name,
                                   institutionPhone: profile.contactPhone, classId: record.classId, className: record.name,
                                   requiredHours: Double(record.requiredHours), occupation: record.occupation, level: record.level,
                                   openedAt: ChinaTime(secondsSinceEpoch: openedAtMs / 1_000), closedAt: closed, generatedAt: closed,
                                   students: students)
    }

    /// A stored score's theory and practical values.
    static func scores(_ json: String) throws -> (Double?, Double?) {
        guard let value = try? JSONValue.parse(json), case .number(let theory)? = value["theory"], case .number(let practical)? = value["practical"] else {
            throw StateError(message: "a stored score is not {\"theory\", \"practical\", …}")
        }
        return (theory, practical)
    }
}
