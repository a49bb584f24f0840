/// The signed text in the certificate's QR code (contract, `certificate.requested`):
///
///     VTC1.<base64url(canonical JSON of the summary)>.<base64url(Ed25519 signature of those JSON bytes)>
///
/// base64url without padding (``Base64URL``), the JSON as ``CanonicalJSON`` writes it, the
/// signature over exactly the JSON bytes the first part decodes to.
public enum CertificateQRText {
    /// The text's version prefix.
    public static let prefix = "VTC1."

    /// The QR text of `summary`, signed with `key`.
    public static func sign(_ summary: CertificateSummary, with key: CertificateSigningKey) throws(CertificateKeyError) -> String {
        let json = summary.canonicalJSON
        return prefix + Base64URL.encode(json) + "." + Base64URL.encode(try key.sign(json))
    }

    /// The summary `text` vouches for, once its form, its signature (with `key`) and its JSON are
    /// checked; otherwise the first check that failed.
    public static func verify(_ text: String, with key: CertificateVerifyingKey) throws(CertificateVerificationError) -> CertificateSummary {
        guard text.hasPrefix(prefix) else { throw .format("it does not start with \(prefix)") }
        let parts = text.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .format("it has \(parts.count) dot-separated parts after \(prefix), not 2") }
        guard let json = Base64URL.decode(parts[0]), !json.isEmpty else { throw .format("the summary is not canonical base64url") }
        guard let signature = Base64URL.decode(parts[1]) else { throw .format("the signature is not canonical base64url") }
        guard signature.count == LibCrypto.signatureLength else {
            throw .format("the signature has \(signature.count) bytes, not \(LibCrypto.signatureLength)")
        }
        guard key.isValidSignature(signature, of: json) else { throw .signature }
        guard let summary = CertificateSummary(canonicalJSON: json) else {
            throw .format("the signed summary is not the canonical JSON of the eleven fields")
        }
        return summary
    }

    /// ``verify(_:with:)``, then the summary compared with `expected` (the stored certificate or
    /// the document in hand): `.fields` names every field that differs.
    @discardableResult
    public static func verify(_ text: String, with key: CertificateVerifyingKey,
                              expecting expected: CertificateSummary) throws(CertificateVerificationError) -> CertificateSummary {
        let summary = try verify(text, with: key)
        let differences = summary.differences(from: expected)
        guard differences.isEmpty else { throw .fields(differences) }
        return summary
    }
}
