/// Why a QR text does not verify, in the order the checks run.
public enum CertificateVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a `VTC1.` text: the prefix, the two parts, their base64url, the signature's length or
    /// the summary's canonical JSON is wrong; the reason says which.
    case format(String)
    /// Well formed, but the signature is not the platform key's over the summary: forged,
    /// altered, or signed by another key.
    case signature
    /// Genuine, but these summary fields differ from the certificate it was compared with.
    case fields([String])

    /// One English sentence for operators and `vtctl certificate verify`.
    public var description: String {
        switch self {
        case .format(let reason): return "not a certificate QR text: \(reason)"
        case .signature: return "the signature does not verify with the platform's public key"
        case .fields(let names): return "signed, but these fields differ from the certificate: \(names.joined(separator: ", "))"
        }
    }
}
