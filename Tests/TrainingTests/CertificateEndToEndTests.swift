import DomainFixtures
import Foundation
import JobQueue
import Qualification
import RedisClient
import TestSupport
import Testing
import Training
import TrainingDomain
import TrainingQueries

/// The e-certificate through the real `training-worker` and `vtctl` against a real redis-server:
/// the PDF read back with poppler-utils, its QR code decoded by zbarimg from a rendered page and
/// checked with the openssl commands docs/certificates.md gives departments; the same bytes on a
/// second request; one certificate when two worker processes race; a worker without its key.
@Suite struct CertificateEndToEndTests {
    typealias Cluster = TrainingEndToEndTests.Cluster
    static let a = TrainingFixtures.id(31), b = TrainingFixtures.id(32), c = TrainingFixtures.id(33)

    /// A certified institution's locked class of three (joined c, a, b), with hours and scores
    /// recorded through the worker.
    static func prepare(_ cl: Cluster) throws {
        try DomainFixtures.certifyAndQualify("inst-1", keys: QualificationKeys(cl.env.keys), on: cl.c)
        try TrainingFixtures.makeClass("class-1", students: [c, a, b], keys: cl.env.keys, on: cl.c)
        let learning = LearningRecordRequest(recordId: "r-1", classId: "class-1", idNumber: a, courseId: "c-1", seconds: 43_200,
                                             occurredAt: "2026-11-20T08:00:00+08:00")
        #expect(try cl.run("learn-1", LearningPayload.type, learning.json)["outcome"] == "recorded")
        #expect(try cl.run("scores-1", ScoresPayload.type, ["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": .string(a), "theory": 85.5, "practical": 60], ["idNumber": .string(c), "theory": 59.99, "practical": 90]]])["outcome"]
            == "scores_recorded")
    }

    @Test func realWorker_closesAndIssues_thePDFReadsBack_itsQRDecodesAndVerifiesWithOpenSSL_andRequestsAgainGetTheSameBytes() throws {
        let cl = try Cluster()
        defer { cl.stop() }
        try cl.start("training-worker")
        try Self.prepare(cl)
        let scratch = try ScratchDirectory()
        let out = scratch.url.appendingPathComponent("certificate.pdf").path
        let got = try cl.env.runVtctl(["certificate", "get", "--class", "class-1", "--out", out])
        #expect(got.code == 0 && got.out.contains("3 students, 1 qualified"), "\(got)")
        let pdf = try #require(FileManager.default.contents(atPath: out)).map { $0 }
        let id = try #require(try cl.c.send("HGET", cl.keys.classRecord("class-1"), "certificateId").string)
        let stored = try #require(try CertificateRecord(fields: cl.c.send("HGETALL", cl.keys.certificate(id)).fieldMap))
        #expect(try cl.c.send("GET", cl.keys.certificatePDF(id)).bytes == pdf)

        // The printed fields, as pdftotext reads them.
        let text = try CommandLineTool.pdftotext.succeed(["-layout", out, "-"]).text
        for field in ["湖南省职业技能培训管理平台电子凭证", "机构inst-1(13900000000)", "电工初级班", "class-1", id, "电工 初级（五级）",
                      "2026-11-02 09:30:00", "参训学员数", "合格学员数", "学***", Self.a, Self.b, Self.c, "13800000000", "85.50", "60.00", "59.99",
                      "第 1 页 / 共 1 页"] {
            #expect(text.replacingOccurrences(of: " ", with: "").contains(field.replacingOccurrences(of: " ", with: "")), "the PDF lacks \(field)")
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        func line(_ id: String) -> String? { lines.first { $0.contains(id) } }
        #expect(line(Self.c)?.hasPrefix("1 学***") == true && line(Self.a)?.hasPrefix("2 学***") == true && line(Self.b)?.hasPrefix("3 学***") == true,
                "students in joining order")
        #expect(line(Self.a)?.hasSuffix("16 85.50 60.00") == true && line(Self.b)?.hasSuffix("- - -") == true, "\(line(Self.a) ?? "")")

        // The QR code: page 1 rendered, decoded by zbarimg, the stored text; openssl verifies it
        // with the public key vtctl prints (the one the worker publishes), as the docs tell a department.
        let png = scratch.url.appendingPathComponent("page").path
        _ = try CommandLineTool.pdftoppm.succeed(["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", out, png])
        let qr = try CommandLineTool.zbarimg.succeed(["-q", "--raw", png + ".png"]).text.trimmingCharacters(in: .newlines)
        #expect(qr == stored.qr)
        let published = try cl.env.runVtctl(["certificate", "public-key"])
        let derived = try CommandLineTool.openssl.succeed(["pkey", "-in", cl.env.signingKeyPath, "-pubout"]).text
        #expect(published.code == 0 && published.out == derived)
        _ = try scratch.write(Array(published.out.utf8), to: "platform-public.pem")
        let openssl = try DocumentedCommands.run("openssl-verify", arguments: [qr, "platform-public.pem"], in: scratch.url)
        #expect(openssl.status == 0 && openssl.text.hasPrefix("Signature Verified Successfully") && openssl.text.contains(#""qualifiedCount":1"#),
                "\(openssl.errors)")
        var tampered = Array(qr.utf8)
        tampered[40] = tampered[40] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try DocumentedCommands.run("openssl-verify", arguments: [String(decoding: tampered, as: UTF8.self), "platform-public.pem"],
                                           in: scratch.url).status != 0)

        // vtctl verify: offline and against the stored certificate; a changed byte fails.
        let verified = try cl.env.runVtctl(["certificate", "verify", "--qr", qr])
        #expect(verified.code == 0 && verified.out.contains("matches the stored certificate") && verified.out.contains(id))
        #expect(try cl.env.runVtctl(["certificate", "verify", "--qr", String(decoding: tampered, as: UTF8.self)]).code == 1)
        let offline = try cl.env.runVtctl(["certificate", "verify", "--qr", qr, "--key", scratch.url.appendingPathComponent("platform-public.pem").path],
                                          redisURL: "redis://127.0.0.1:1/0")
        #expect(offline.code == 0 && offline.out.contains("checked offline only"), "\(offline)")
        let shown = try cl.env.runVtctl(["--json", "certificate", "show", id])
        let shownJSON = try JSONValue.parse(shown.out)
        #expect(shown.code == 0 && shownJSON["qualifiedCount"] == "1")
        #expect(try cl.env.runVtctl(["certificate", "show", "EC-none"]).code == 1)

        // Again: the same bytes; and the class stays frozen.
        let again = scratch.url.appendingPathComponent("again.pdf").path
        #expect(try cl.env.runVtctl(["certificate", "get", "--class", "class-1", "--institution", "inst-1", "--out", again]).code == 0)
        #expect(FileManager.default.contents(atPath: again).map { Array($0) } == pdf)
        let late = LearningRecordRequest(recordId: "r-late", classId: "class-1", idNumber: Self.b, courseId: "c-1", seconds: 600,
                                         occurredAt: "2026-11-30T08:00:00+08:00")
        #expect(try cl.run("learn-late", LearningPayload.type, late.json)["outcome"] == "not_counted")
        #expect(try cl.run("scores-late", ScoresPayload.type, ["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": .string(Self.b), "theory": 99, "practical": 99]]])["outcome"] == "scores_locked")
        #expect(try cl.env.runVtctl(["certificate", "get", "--class", "class-1", "--institution", "inst-2", "--out", again]).code == 3)
    }

    @Test func twoWorkerProcesses_twoRequestsAtOnce_issueOneCertificate() throws {
        let cl = try Cluster()
        defer { cl.stop() }
        try cl.start("training-worker")
        try cl.start("training-worker")
        try Self.prepare(cl)
        let request = CertificateRequest(classId: "class-1", institutionId: "inst-1").json
        _ = try cl.c.pipeline((0..<2).map { n in
            cl.env.producer.enqueueCommand(JobEnvelope(id: "cert-\(n)", type: CertificatePayload.type, createdAt: "2026-11-29T08:00:00Z", payload: request),
                                           queue: "training")
        })
        let results = try (0..<2).map { try cl.env.producer.waitForResult(of: "cert-\($0)", timeoutMs: 30_000, on: cl.c) }
        #expect(results.allSatisfy { $0["outcome"] == "certificate_issued" } && results[0]["certificateId"] == results[1]["certificateId"], "\(results)")
        #expect(try cl.c.send("KEYS", "\(cl.env.prefix):certificate:*").array?.count == 2, "one certificate, one PDF")
        #expect(try cl.c.send("HGET", cl.keys.classRecord("class-1"), "version").string == "3", "closed once")
    }

    @Test func realWorker_refusesToStart_withoutAReadableSigningKey() throws {
        let env = try QueueTestEnvironment()
        defer { env.stop() }
        for (key, says) in [(nil, "VT_CERT_SIGNING_KEY is not set"), ("/nonexistent/cert.pem", "cannot read the certificate signing key /nonexistent/cert.pem"),
                            (env.server.directory.appendingPathComponent("not-a-key.pem").path, "not-a-key.pem")] {
            if let key, key.hasSuffix("not-a-key.pem") { try Data("hello\n".utf8).write(to: URL(fileURLWithPath: key)) }
            var environment = env.environment(env.configuration())
            environment["VT_CERT_SIGNING_KEY"] = key
            let process = Process()
            process.executableURL = builtExecutable("training-worker")
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(text)")
            #expect(text.contains("training-worker: cannot start without the e-certificate signing key") && text.contains(says), "\(text)")
        }
    }
}
