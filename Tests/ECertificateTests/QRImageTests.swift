import ECertificate
import Foundation
import TestSupport
import Testing

/// The QR code as a reader sees it: page 1 rendered to an image (`pdftoppm`), decoded by a real
/// decoder (`zbarimg`), its text verified by the module and by the `openssl` commands of
/// docs/certificates.md.
@Suite struct QRImageTests {
    static let issued = Result { try SampleCertificates.issue(SampleCertificates.small) }

    /// The text zbarimg reads from page 1 of `pdf` rendered at `dpi`.
    static func decode(_ pdf: [UInt8], dpi: Int) throws -> String {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(pdf, to: "certificate.pdf")
        let prefix = scratch.url.appendingPathComponent("page").path
        _ = try CommandLineTool.pdftoppm.succeed(["-r", String(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", path, prefix])
        let read = try CommandLineTool.zbarimg.succeed(["-q", "--raw", prefix + ".png"]).text
        return read.trimmingCharacters(in: .newlines)
    }

    @Test(arguments: [150, 300])
    func decodedFromTheRenderedPage_isTheSignedText(dpi: Int) throws {
        let issued = try Self.issued.get()
        #expect(try Self.decode(issued.pdf, dpi: dpi) == issued.qrText)
    }

    @Test func decodedText_verifiesWithThePublicKey_andMatchesTheDocument() throws {
        let issued = try Self.issued.get()
        let read = try Self.decode(issued.pdf, dpi: 200)
        let key = try CertificateVerifyingKey(pem: SampleCertificates.publicKeyPEM)
        #expect(try CertificateQRText.verify(read, with: key, expecting: SampleCertificates.small.summary) == issued.summary)
    }

    @Test func aFiveThousandStudentCertificate_carriesAReadableCode() throws {
        let document = SampleCertificates.generated(5_000)
        let issued = try SampleCertificates.issue(document)
        let read = try Self.decode(issued.pdf, dpi: 200)
        #expect(try CertificateQRText.verify(read, with: SampleCertificates.key.verifyingKey).studentCount == 5_000)
    }

    /// Runs the documented openssl block on `qr` with the sample public key.
    static func verifyWithOpenSSL(_ qr: String) throws -> (run: CommandLineTool.Run, summary: String?) {
        let scratch = try ScratchDirectory()
        _ = try scratch.write(Array(SampleCertificates.publicKeyPEM.utf8), to: "platform-public.pem")
        let run = try DocumentedCommands.run("openssl-verify", arguments: [qr, "platform-public.pem"], in: scratch.url)
        let summary = FileManager.default.contents(atPath: scratch.url.appendingPathComponent("summary.json").path)
        return (run, summary.map { String(decoding: $0, as: UTF8.self) })
    }

    @Test func documentedOpenSSLCommands_verifyTheDecodedText_andPrintTheSummary() throws {
        let issued = try Self.issued.get()
        let (run, summary) = try Self.verifyWithOpenSSL(try Self.decode(issued.pdf, dpi: 200))
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.text.hasPrefix("Signature Verified Successfully\n"))
        #expect(summary == String(decoding: issued.summary.canonicalJSON, as: UTF8.self))
        #expect(run.text.contains(#""qualifiedCount":1"#))
    }

    @Test func documentedOpenSSLCommands_refuseAChangedCharacterAnywhere() throws {
        let text = Array(try Self.issued.get().qrText)
        // The prefix, the summary (start, middle, a count), the dot, the signature (start, end).
        let dot = text.lastIndex(of: ".")!
        for index in [0, 3, 5, 40, dot / 2, dot - 1, dot, dot + 1, text.count / 2 + dot / 2, text.count - 2] {
            var changed = text
            changed[index] = changed[index] == "A" ? "B" : "A"
            let (run, _) = try Self.verifyWithOpenSSL(String(changed))
            #expect(run.status != 0, "character \(index)")
            #expect(!run.text.contains("Signature Verified Successfully"), "character \(index)")
        }
    }

    @Test func documentedOpenSSLCommands_refuseAnotherKeysSignature() throws {
        let other = try CertificateSigningKey.generate()
        let (run, _) = try Self.verifyWithOpenSSL(try CertificateQRText.sign(SampleCertificates.small.summary, with: other))
        #expect(run.status == 1)
        #expect(run.text.contains("Signature Verification Failure"))
    }
}
