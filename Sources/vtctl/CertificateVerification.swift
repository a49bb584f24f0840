import ECertificate
import Foundation
import JobQueue
import RedisClient
import TrainingQueries

/// `vtctl certificate verify`: the QR text's signature checked offline with the public key, its
/// summary printed; then, when Redis answers, the summary and the text compared with the stored
/// certificate (a certificate that is not stored fails too). Exit 1 on any failure.
struct CertificateVerification {
    let qr: String
    let keyFile: String?

    func run(_ s: Session) throws -> ExitCode {
        guard let (key, source) = try CertificateCommand.publicKey(s, file: keyFile) else { return .error }
        let summary: CertificateSummary
        do {
            summary = try CertificateQRText.verify(qr, with: key)
        } catch {
            return report(s, valid: false, problem: error.description, summary: nil, stored: "not compared", keySource: source)
        }
        let stored: CertificateRecord?
        do {
            stored = try CertificateCommand.stored(summary.certificateId, s)
        } catch let error as RedisError where error.kind != .server {
            return report(s, valid: true, problem: nil, summary: summary, stored: "not compared: Redis cannot be reached (checked offline only)", keySource: source)
        }
        guard let stored else {
            return report(s, valid: true, problem: "no certificate \(summary.certificateId) is stored: this text was not issued here",
                          summary: summary, stored: "absent", keySource: source)
        }
        do {
            try CertificateQRText.verify(qr, with: key, expecting: Self.summary(of: stored))
        } catch {
            return report(s, valid: true, problem: error.description, summary: summary, stored: "differs", keySource: source)
        }
        guard stored.qr == qr else {
            return report(s, valid: true, problem: "the text differs from the stored certificate's QR text", summary: summary, stored: "differs",
                          keySource: source)
        }
        return report(s, valid: true, problem: nil, summary: summary, stored: "matches the stored certificate", keySource: source)
    }

    /// The summary a stored certificate was signed with.
    static func summary(of stored: CertificateRecord) -> CertificateSummary {
        CertificateSummary(certificateId: stored.certificateId, classId: stored.classId, institutionId: stored.institutionId,
                           institutionName: stored.institutionName, occupation: stored.occupation, level: stored.level,
                           openedAt: stored.openedAt, closedAt: stored.closedAt, studentCount: stored.studentCount,
                           qualifiedCount: stored.qualifiedCount, rosterSha256: stored.rosterSha256)
    }

    /// Prints the verdict; `.ok` only without a problem.
    private func report(_ s: Session, valid: Bool, problem: String?, summary: CertificateSummary?, stored: String, keySource: String) -> ExitCode {
        let fields = summary.map { summary in summary.fields.map { ($0.key, $0.value) } } ?? []
        if s.json {
            var object: [String: JSONValue] = ["ok": .bool(problem == nil), "signatureValid": .bool(valid), "stored": .string(stored),
                                               "key": .string(keySource)]
            if let problem { object["problem"] = .string(problem) }
            if !fields.isEmpty {
                object["summary"] = .object(Dictionary(fields.map { name, value in
                    switch value {
                    case .integer(let n): return (name, JSONValue.number(Double(n)))
                    case .string(let text): return (name, JSONValue.string(text))
                    }
                }, uniquingKeysWith: { a, _ in a }))
            }
            s.outJSON(.object(object))
        } else {
            s.out(valid ? "signature: valid (public key: \(keySource))" : "signature: NOT VALID (public key: \(keySource))")
            for (name, value) in fields {
                switch value {
                case .integer(let n): s.out("  \(pad(name, 16))\(n)")
                case .string(let text): s.out("  \(pad(name, 16))\(text)")
                }
            }
            s.out("stored: \(stored)")
            if let problem { s.err("verification failed: \(problem)") }
        }
        return problem == nil ? .ok : .error
    }
}
