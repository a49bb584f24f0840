import ClassQueries
import ECertificate
import Foundation
import JobQueue
import RedisClient
import Training
import TrainingQueries

/// `vtctl certificate …`: an e-certificate (电子凭证) requested and written to a file, a stored
/// one shown, a QR text verified (offline with the public key, then against the stored
/// certificate when Redis answers), and the platform's public key printed.
enum CertificateCommand {
    static let commands: [any VtctlCommand.Type] = [Get.self, Show.self, Verify.self, PublicKey.self]

    /// `certificate get --class C [--institution I] --out FILE.pdf [--timeout S]`: enqueues
    /// `certificate.requested` (the first request closes the class), waits, writes the stored PDF.
    struct Get: VtctlCommand {
        var classId: String
        var institutionId: String?
        var out: String
        var timeoutSeconds: Int

        static let words = ["certificate", "get"]
        static let usage = [
            "certificate get --class C [--institution I] --out FILE.pdf [--timeout SECONDS]",
            "                requests the class's e-certificate (the first request closes the class), waits, writes its PDF",
        ]
        static let options = OptionNames(values: ["class", "institution", "out", "timeout"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return Get(classId: try args.required("class"), institutionId: args.values["institution"], out: try args.required("out"),
                       timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            var institution = institutionId
            if institution == nil {
                // On the institution's behalf: the class's own (an unknown class is refused by the worker).
                let lookup = ClassQuery.record(classId: classId, keys: s.keys.queue)
                institution = try lookup.answer(s.connection.send(lookup.command)).record?.institutionId ?? "unknown"
            }
            let request = CertificateRequest(classId: classId, institutionId: institution ?? "unknown")
            let jobId = Session.newJobId("certificate")
            let envelope = JobEnvelope(id: jobId, type: CertificatePayload.type, createdAt: Timestamp.rfc3339(ms: s.clock.nowMs()),
                                       producer: Session.producerName, payload: request.json)
            try s.producer.enqueue(envelope, queue: TrainingKeys.queueName, on: s.connection)
            let result = try s.producer.waitForResult(of: jobId, timeoutMs: timeoutSeconds * 1_000, on: s.connection)
            guard result["status"] == "done", let id = result["certificateId"] else {
                if s.json {
                    s.outJSON(.object(result.mapValues(JSONValue.string).merging(["jobId": .string(jobId)]) { a, _ in a }))
                } else if result.isEmpty {
                    s.err("job \(jobId): no result after \(timeoutSeconds)s (is a training-worker running?); it stays queued")
                } else {
                    s.err("\(result["status"] ?? "?"): \(result["outcome"] ?? "?") (job \(jobId)): \(result["message"] ?? "")")
                }
                return result.isEmpty ? .timeout : ExitCode.forStatus(result["status"])
            }
            let keys = TrainingKeys(s.keys.queue)
            guard let pdf = try s.connection.send("GET", keys.certificatePDF(id)).bytes else {
                s.err("certificate \(id) has no stored PDF")
                return .error
            }
            guard s.write(pdf, to: out) else { return .error }
            if s.json {
                s.outJSON(["certificateId": .string(id), "classId": .string(classId), "file": .string(out), "bytes": .number(Double(pdf.count)),
                           "studentCount": .string(result["studentCount"] ?? ""), "qualifiedCount": .string(result["qualifiedCount"] ?? ""),
                           "jobId": .string(jobId)])
            } else {
                s.out("certificate \(id) of class \(classId): \(result["studentCount"] ?? "?") students, \(result["qualifiedCount"] ?? "?") qualified")
                s.out("  \(pdf.count) bytes written to \(out)")
            }
            return .ok
        }
    }

    /// `certificate show ID`: the stored certificate's fields. Exit 1 when there is none.
    struct Show: VtctlCommand {
        var certificateId: String

        static let words = ["certificate", "show"]
        static let usage = ["certificate show CERTIFICATE_ID   the stored e-certificate: class, institution, times, counts, QR text"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self { Show(certificateId: try args.positionals(["CERTIFICATE_ID"])[0]) }

        func run(_ s: Session) throws -> ExitCode {
            guard let stored = try CertificateCommand.stored(certificateId, s) else {
                s.err("no certificate \(certificateId)")
                return .error
            }
            if s.json {
                s.outJSON(.object(Dictionary(stored.fields.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { a, _ in a })))
            } else {
                for (name, value) in stored.fields { s.out("\(pad(name, 16))\(value)") }
            }
            return .ok
        }
    }

    /// `certificate verify --qr TEXT [--key PUBLIC.pem]`: the signature checked offline; with
    /// Redis reachable, the summary compared with the stored certificate. Exit 1 on any failure.
    struct Verify: VtctlCommand {
        var qr: String
        var keyFile: String?

        static let words = ["certificate", "verify"]
        static let usage = [
            "certificate verify --qr TEXT [--key PUBLIC.pem]   checks the QR text's signature offline, then against the stored",
            "                certificate when Redis answers (key: --key, else VT_CERT_SIGNING_KEY's, else the one the workers publish)",
        ]
        static let options = OptionNames(values: ["qr", "key"])
        static let worksWithoutRedis = true

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return Verify(qr: try args.required("qr").trimmingCharacters(in: .whitespacesAndNewlines), keyFile: args.values["key"])
        }

        func run(_ s: Session) throws -> ExitCode { try CertificateVerification(qr: qr, keyFile: keyFile).run(s) }
    }

    /// `certificate public-key`: the PEM public key that verifies certificates.
    struct PublicKey: VtctlCommand {
        static let words = ["certificate", "public-key"]
        static let usage = ["certificate public-key   the PEM public key certificates are verified with (VT_CERT_SIGNING_KEY's, else the workers')"]
        static let worksWithoutRedis = true

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return PublicKey()
        }

        func run(_ s: Session) throws -> ExitCode {
            guard let (key, _) = try CertificateCommand.publicKey(s, file: nil) else { return .error }
            FileHandle.standardOutput.write(Data(try key.publicKeyPEM().utf8))
            return .ok
        }
    }

    /// The stored certificate, nil when there is none.
    static func stored(_ certificateId: String, _ s: Session) throws -> CertificateRecord? {
        let keys = TrainingKeys(s.keys.queue)
        return try CertificateRecord(fields: s.connection.send("HGETALL", keys.certificate(certificateId)).fieldMap)
    }

    /// The public key and where it came from: `file`, else the private key `VT_CERT_SIGNING_KEY`
    /// names, else the one the training workers publish in Redis. nil after saying why there is none.
    static func publicKey(_ s: Session, file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> (CertificateVerifyingKey, String)? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                s.err("cannot read \(file)")
                return nil
            }
            return (try CertificateVerifyingKey(pem: String(decoding: data, as: UTF8.self)), file)
        }
        if let path = environment[CertificateSigningKey.environmentVariable], !path.isEmpty {
            return (try CertificateSigningKey(contentsOfFile: path).verifyingKey, "\(CertificateSigningKey.environmentVariable) (\(path))")
        }
        let name = TrainingKeys(s.keys.queue).certificatePublicKey
        do {
            guard let pem = try s.connection.send("GET", name).string else {
                s.err("no public key: \(name) is empty (no training-worker has started) and \(CertificateSigningKey.environmentVariable) is not set")
                return nil
            }
            return (try CertificateVerifyingKey(pem: pem), name)
        } catch let error as RedisError where error.kind != .server {
            s.err("no public key: Redis cannot be reached (\(error)) and \(CertificateSigningKey.environmentVariable) is not set; pass --key PUBLIC.pem")
            return nil
        }
    }
}
