/// A signing or verifying key that cannot be read, made or used: the reason, in English, for
/// an operator (a missing `VT_CERT_SIGNING_KEY`, a file that is not an Ed25519 PEM key, …).
public struct CertificateKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
