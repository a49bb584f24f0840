/// An e-certificate ready to store and hand out: the signed summary, the QR text that carries it
/// and the PDF that prints both. What the training workflow keeps in
/// `{p}:certificate:{certificateId}` (`qr`) and `{p}:certificate:{certificateId}:pdf`.
public struct IssuedCertificate: Sendable, Hashable {
    /// The fields the QR code signs.
    public let summary: CertificateSummary
    /// The signed text in the QR code: `VTC1.…`.
    public let qrText: String
    /// The PDF's bytes.
    public let pdf: [UInt8]

    /// SHA-256 of ``pdf``, lower-case hex.
    public var pdfSha256: String { LibCrypto.sha256Hex(pdf) }

    /// Signs `document`'s summary with `key` and renders the PDF with that QR text.
    public init(_ document: CertificateDocument, signingKey key: CertificateSigningKey) throws {
        summary = document.summary
        qrText = try CertificateQRText.sign(summary, with: key)
        pdf = try CertificatePDF.render(document, qrText: qrText)
    }
}
