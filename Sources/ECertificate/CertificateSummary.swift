import Foundation

/// What the QR code vouches for: the contract's eleven fields, signed as canonical JSON
/// (``CanonicalJSON``). `occupation` and `level` are the contract's codes (`electrician`,
/// `junior`), the times RFC 3339 in China time, `rosterSha256` the lower-case hex SHA-256 of the
/// student lines as printed (``CertificateDocument/rosterText``).
public struct CertificateSummary: Sendable, Hashable, Codable {
    /// 凭证编号: the certificate's id.
    public var certificateId: String
    /// 班级编号: the class's id.
    public var classId: String
    /// The institution's id.
    public var institutionId: String
    /// 培训机构(企业): the institution's name as printed.
    public var institutionName: String
    /// The occupation's code, e.g. `electrician`.
    public var occupation: String
    /// The level's code, e.g. `junior`.
    public var level: String
    /// 开班时间, RFC 3339 in China time: `2026-11-02T09:30:00+08:00`.
    public var openedAt: String
    /// 结班时间, RFC 3339 in China time.
    public var closedAt: String
    /// 参训学员数.
    public var studentCount: Int
    /// 合格学员数.
    public var qualifiedCount: Int
    /// SHA-256 (lower-case hex) of ``CertificateDocument/rosterText``.
    public var rosterSha256: String

    /// Creates a summary from its fields.
    public init(certificateId: String, classId: String, institutionId: String, institutionName: String, occupation: String, level: String,
                openedAt: String, closedAt: String, studentCount: Int, qualifiedCount: Int, rosterSha256: String) {
        self.certificateId = certificateId
        self.classId = classId
        self.institutionId = institutionId
        self.institutionName = institutionName
        self.occupation = occupation
        self.level = level
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.studentCount = studentCount
        self.qualifiedCount = qualifiedCount
        self.rosterSha256 = rosterSha256
    }

    /// The fields by their JSON names, in the contract's order.
    public var fields: KeyValuePairs<String, CanonicalJSON.Value> {
        ["certificateId": .string(certificateId), "classId": .string(classId), "institutionId": .string(institutionId),
         "institutionName": .string(institutionName), "occupation": .string(occupation), "level": .string(level),
         "openedAt": .string(openedAt), "closedAt": .string(closedAt), "studentCount": .integer(studentCount),
         "qualifiedCount": .integer(qualifiedCount), "rosterSha256": .string(rosterSha256)]
    }

    /// The canonical JSON bytes the signature covers.
    public var canonicalJSON: [UInt8] {
        CanonicalJSON.encode(Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) }))
    }

    /// The summary whose canonical JSON is exactly `bytes`, or nil: any other JSON (another key,
    /// a missing one, a space, another escape or number form) is refused.
    public init?(canonicalJSON bytes: [UInt8]) {
        guard let summary = try? JSONDecoder().decode(CertificateSummary.self, from: Data(bytes)),
              summary.canonicalJSON == bytes
        else { return nil }
        self = summary
    }

    /// The names of the fields whose values differ from `other`'s, in the contract's order.
    public func differences(from other: CertificateSummary) -> [String] {
        zip(fields, other.fields).filter { $0.value != $1.value }.map(\.0.key)
    }
}
