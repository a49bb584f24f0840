/// The platform's Ed25519 public key: anyone holding it checks an e-certificate's QR text
/// offline. Read from, and printed as, PEM (`-----BEGIN PUBLIC KEY-----`).
public struct CertificateVerifyingKey: Sendable, Hashable {
    /// The 32 raw bytes of the key.
    public let rawPublicKey: [UInt8]

    /// The key of 32 raw bytes.
    init(rawPublicKey: [UInt8]) throws(CertificateKeyError) {
        guard rawPublicKey.count == LibCrypto.keyLength else {
            throw CertificateKeyError("an Ed25519 public key has 32 bytes, not \(rawPublicKey.count)")
        }
        self.rawPublicKey = rawPublicKey
    }

    /// Reads a PEM public key (SubjectPublicKeyInfo, Ed25519), as `openssl pkey -pubout` writes it.
    public init(pem: String) throws(CertificateKeyError) {
        try self.init(rawPublicKey: LibCrypto.publicKey(pem: Array(pem.utf8)))
    }

    /// The key as PEM, what `vtctl certificate public-key` prints.
    public func publicKeyPEM() throws(CertificateKeyError) -> String {
        try LibCrypto.pem(rawPublicKey, isPrivate: false)
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        LibCrypto.verify(signature, message: message, publicKey: rawPublicKey)
    }
}
