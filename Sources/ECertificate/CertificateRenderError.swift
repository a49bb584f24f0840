/// A certificate that could not be rendered.
public enum CertificateRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The certificate's font family is not installed: fontconfig offers `found` instead, which
    /// may lack Chinese glyphs (install Debian's `fonts-wqy-microhei`: `deploy/install-deps.sh`).
    case fontMissing(String, found: String)
    /// cairo reported an error.
    case cairo(String)
    /// libqrencode could not encode the QR text.
    case qrCode(String)

    /// One English sentence for operators.
    public var description: String {
        switch self {
        case .fontMissing(let family, let found):
            return "the font \(family) is not installed (fontconfig offers \(found)); install fonts-wqy-microhei (deploy/install-deps.sh)"
        case .cairo(let message): return "cairo: \(message)"
        case .qrCode(let message): return "QR code: \(message)"
        }
    }
}
