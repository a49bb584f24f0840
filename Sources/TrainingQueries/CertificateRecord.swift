import JobQueue
import RedisClient

/// An issued e-certificate as `{p}:certificate:{certificateId}` keeps it (its PDF is the string
/// `{p}:certificate:{certificateId}:pdf`). Written once by the training workflow when it issues
/// the certificate; read by `vtctl certificate show` and `verify`, and by the subsidy claims.
public struct CertificateRecord: Sendable, Equatable {
    // The signed summary's fields (ECertificate's CertificateSummary: 凭证编号, the class, the
    // institution and its name as printed, the occupation's and level's codes, 开班时间 and 结班时间
    // in China time, 参训学员数, 合格学员数, the printed lines' SHA-256), the class's name, the QR text.
    public var certificateId: String
    public var classId: String
    public var institutionId: String
    public var institutionName: String
    public var className: String
    public var occupation: String
    public var level: String
    public var openedAt: String
    public var closedAt: String
    public var studentCount: Int
    public var qualifiedCount: Int
    public var rosterSha256: String
    /// The signed text in the QR code (`VTC1.…`).
    public var qr: String
    /// The PDF's size and SHA-256 (hex).
    public var pdfBytes: Int
    public var pdfSha256: String
    /// When it was stored (RFC 3339) and by which job.
    public var issuedAt: String
    public var jobId: String

    public init(certificateId: String, classId: String, institutionId: String, institutionName: String, className: String,
                occupation: String, level: String, openedAt: String, closedAt: String, studentCount: Int, qualifiedCount: Int,
                rosterSha256: String, qr: String, pdfBytes: Int, pdfSha256: String, issuedAt: String, jobId: String) {
        self.certificateId = certificateId
        self.classId = classId
        self.institutionId = institutionId
        self.institutionName = institutionName
        self.className = className
        self.occupation = occupation
        self.level = level
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.studentCount = studentCount
        self.qualifiedCount = qualifiedCount
        self.rosterSha256 = rosterSha256
        self.qr = qr
        self.pdfBytes = pdfBytes
        self.pdfSha256 = pdfSha256
        self.issuedAt = issuedAt
        self.jobId = jobId
    }

    /// `{p}:certificate:{certificateId}`.
    public static func key(_ certificateId: String, prefix: String) -> String { "\(prefix):certificate:\(certificateId)" }

    /// `{p}:certificate:{certificateId}:pdf`.
    public static func pdfKey(_ certificateId: String, prefix: String) -> String { "\(prefix):certificate:\(certificateId):pdf" }

    /// The hash fields.
    public var fields: [(String, String)] {
        [("certificateId", certificateId), ("classId", classId), ("institutionId", institutionId), ("institutionName", institutionName),
         ("className", className), ("occupation", occupation), ("level", level), ("openedAt", openedAt), ("closedAt", closedAt),
         ("studentCount", String(studentCount)), ("qualifiedCount", String(qualifiedCount)), ("rosterSha256", rosterSha256), ("qr", qr),
         ("pdfBytes", String(pdfBytes)), ("pdfSha256", pdfSha256), ("issuedAt", issuedAt), ("jobId", jobId)]
    }

    /// Reads the hash (`HGETALL`): nil for an empty map (no such certificate); throws for a hash
    /// that is not a certificate (changed by hand).
    public init?(fields map: [String: String]) throws(StateReadError) {
        guard !map.isEmpty else { return nil }
        func text(_ name: String) throws(StateReadError) -> String {
            guard let value = map[name] else { throw StateReadError("the certificate hash has no \(name)") }
            return value
        }
        func number(_ name: String) throws(StateReadError) -> Int {
            guard let value = Int(try text(name)) else { throw StateReadError("the certificate hash's \(name) is not a number") }
            return value
        }
        self.init(certificateId: try text("certificateId"), classId: try text("classId"), institutionId: try text("institutionId"),
                  institutionName: try text("institutionName"), className: try text("className"), occupation: try text("occupation"),
                  level: try text("level"), openedAt: try text("openedAt"), closedAt: try text("closedAt"),
                  studentCount: try number("studentCount"), qualifiedCount: try number("qualifiedCount"), rosterSha256: try text("rosterSha256"),
                  qr: try text("qr"), pdfBytes: try number("pdfBytes"), pdfSha256: try text("pdfSha256"), issuedAt: try text("issuedAt"),
                  jobId: try text("jobId"))
    }
}

/// Stored state of the training workflow that does not read (changed by hand).
public struct StateReadError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
